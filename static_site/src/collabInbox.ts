/**
 * The unread-notification count behind the tab bar's badge. Small on purpose: it is in the first
 * screen's bundle (App.vue). Refreshed on navigation and when the tab regains focus, at most once
 * a minute unless forced (the inbox screen sets it from what it has just read).
 */
import { ref } from "vue";
import { api } from "./api";
import { session } from "./auth/session";

export const unreadCount = ref(0);
const MIN_INTERVAL_MS = 60_000;
/** The API counts unread among the newest N; the badge shows "99+" beyond that anyway. */
const WINDOW = 100;
let lastAt = 0;
let inflight: Promise<void> | null = null;

export function setUnread(n: number): void {
  unreadCount.value = Math.max(0, n);
  lastAt = Date.now();
}

export function refreshUnread(force = false): Promise<void> {
  // The inbox belongs to a person: a login without a person record has none.
  if (!session.signedIn || !session.state.me?.person_id) {
    unreadCount.value = 0;
    return Promise.resolve();
  }
  if (inflight) return inflight;
  if (!force && Date.now() - lastAt < MIN_INTERVAL_MS) return Promise.resolve();
  lastAt = Date.now();
  inflight = api
    .inbox({ unread: true, limit: WINDOW })
    .then((r) => {
      unreadCount.value = r.unread ?? r.items?.length ?? 0;
    })
    .catch(() => {
      /* a badge is not worth an error message; the next navigation retries */
    })
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** "3", "99+" or "" (no badge). */
export function badgeText(n: number): string {
  if (n <= 0) return "";
  return n > 99 ? "99+" : String(n);
}
