/**
 * A list shown a page at a time with "load more": the first page through useResource (same
 * loading / error / retry states as every screen), later pages appended by `more()`.
 */
import { computed, ref, shallowRef, type ComputedRef, type Ref } from "vue";
import { ApiError } from "../api/errors";
import type { Page } from "../api/pages";
import { useResource, type Resource } from "./useResource";

export interface PagedList<T, P extends Page<T> = Page<T>> extends Resource<P> {
  /** Every item loaded so far, pages in order. */
  items: Ref<T[]>;
  hasMore: ComputedRef<boolean>;
  loadingMore: Ref<boolean>;
  moreError: Ref<ApiError | null>;
  more: () => Promise<void>;
}

export function usePaged<T, P extends Page<T> = Page<T>>(
  load: (cursor?: string) => Promise<P>,
  opts: { immediate?: boolean } = {},
): PagedList<T, P> {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const cursor = ref<string | null>(null);
  const loadingMore = ref(false);
  const moreError = shallowRef<ApiError | null>(null);
  let generation = 0;

  const first = useResource<P>(async () => {
    const mine = ++generation;
    const page = await load();
    if (mine === generation) {
      items.value = page.items;
      cursor.value = page.next_cursor ?? null;
      moreError.value = null;
    }
    return page;
  }, opts);

  async function more(): Promise<void> {
    if (!cursor.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    moreError.value = null;
    try {
      const page = await load(cursor.value);
      if (mine !== generation) return; // the list was reloaded meanwhile: this page belongs to the old one
      items.value = [...items.value, ...page.items];
      cursor.value = page.next_cursor ?? null;
    } catch (e) {
      if (mine === generation) moreError.value = e instanceof ApiError ? e : new ApiError(-1, "client_error", String(e));
    } finally {
      loadingMore.value = false;
    }
  }

  return { ...first, items, hasMore: computed(() => cursor.value !== null), loadingMore, moreError, more };
}
