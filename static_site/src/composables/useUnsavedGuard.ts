/**
 * Unsaved-changes guard for forms: leaving a screen with changes (another tab, back, a link) asks
 * first, and closing or reloading the page gets the browser's own warning.
 *
 *   const snap = formSnapshot(() => form);          // after the form is filled: snap.reset()
 *   const guard = useUnsavedGuard(() => snap.changed());
 *   ...after a successful save: snap.reset() (or guard.allowLeave() just before navigating away)
 */
import { onBeforeUnmount, onMounted } from "vue";
import { onBeforeRouteLeave } from "vue-router";
import { i18n } from "../i18n";
import { showConfirmDialog } from "../feedback";

/** A stable text form of a value: object keys sorted, so key order never reads as a change. */
export function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface Snapshot {
  /** True when the value differs from the last reset (false before the first reset: nothing loaded yet). */
  changed(): boolean;
  /** Take the current value as the saved state (after loading, after saving). */
  reset(): void;
}

export function formSnapshot(source: () => unknown): Snapshot {
  let saved: string | null = null;
  return {
    changed: () => saved !== null && stableText(source()) !== saved,
    reset: () => {
      saved = stableText(source());
    },
  };
}

/**
 * Whether a navigation may go on: yes when nothing changed, or the person allowed it once
 * (a save that navigates), else what the person answers.
 */
export async function mayLeave(dirty: boolean, allowedOnce: boolean, ask: () => Promise<boolean>): Promise<boolean> {
  if (!dirty || allowedOnce) return true;
  return ask();
}

export function askToLeave(): Promise<boolean> {
  const t = i18n.global.t;
  return showConfirmDialog({
    title: t("guard.title"),
    message: t("guard.message"),
    confirmButtonText: t("guard.leave"),
    cancelButtonText: t("guard.stay"),
  }).then(
    () => true,
    () => false,
  );
}

export function useUnsavedGuard(dirty: () => boolean, ask: () => Promise<boolean> = askToLeave) {
  let allowed = false;
  onBeforeRouteLeave(async () => {
    const ok = await mayLeave(dirty(), allowed, ask);
    allowed = false;
    return ok;
  });
  const onUnload = (e: BeforeUnloadEvent) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = "";
  };
  onMounted(() => window.addEventListener("beforeunload", onUnload));
  onBeforeUnmount(() => window.removeEventListener("beforeunload", onUnload));
  return {
    /** The next navigation goes without asking (call just before navigating after a save). */
    allowLeave: () => {
      allowed = true;
    },
  };
}
