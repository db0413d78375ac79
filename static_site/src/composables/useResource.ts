/**
 * Loading / error / empty state for one API read. Every screen uses it, so every screen gets the
 * same states, a retry, and keeps showing nothing stale while a reload is under way.
 */
import { ref, shallowRef, type Ref } from "vue";
import { ApiError } from "../api/errors";
import ux from "../i18n/zh-CN.ux";

/** The API's error classes the client has its own text for (`apiErrors.*`; codes from core/errors and the gateway). */
const KNOWN_CODES = new Set(Object.keys(ux.apiErrors));

export interface Resource<T> {
  data: Ref<T | null>;
  loading: Ref<boolean>;
  error: Ref<ApiError | null>;
  reload: () => Promise<void>;
}

export function useResource<T>(
  load: () => Promise<T>,
  opts: { immediate?: boolean } = {},
): Resource<T> {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let seq = 0;

  async function reload(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const v = await load();
      if (mine === seq) data.value = v;
    } catch (e) {
      if (mine !== seq) return;
      error.value = e instanceof ApiError ? e : new ApiError(-1, "client_error", (e as Error)?.message ?? String(e));
      if (!(e instanceof ApiError)) console.error(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  if (opts.immediate !== false) void reload();
  return { data, loading, error, reload };
}

/** i18n key for a failed request: by status for the common ones, else by the error's code. */
export function errorKey(e: ApiError | null | undefined): string {
  if (!e) return "common.unknownError";
  if (e.isNetwork) return "common.networkError";
  if (e.isForbidden) return "common.forbidden";
  if (e.isNotFound) return "common.notFound";
  if (e.isConflict) return "common.conflict";
  if (e.status === 429 || e.status === 503) return "common.busy";
  if (KNOWN_CODES.has(e.code)) return `apiErrors.${e.code}`;
  return "common.unknownError";
}
