/** Which dashboards a user sees, from the roles on /me. */
import type { Me, Role } from "./api/types";

export type ViewName = "rollout" | "unit" | "hr" | "mine";

export function hasRole(me: Me | null | undefined, ...roles: Role[]): boolean {
  return !!me && roles.some((r) => me.roles?.includes(r));
}

/** Views in order of precedence: the first is the home screen. */
export function viewsFor(me: Me | null | undefined): ViewName[] {
  if (!me) return [];
  const out: ViewName[] = [];
  if (hasRole(me, "executive", "admin")) out.push("rollout");
  if (hasRole(me, "hr")) out.push("hr");
  if (hasRole(me, "manager") || (me.managed_unit_ids?.length ?? 0) > 0) out.push("unit");
  if (hasRole(me, "hr") && !out.includes("rollout")) out.push("rollout");
  if (me.person_id || hasRole(me, "employee")) out.push("mine");
  return out;
}

export const VIEW_ROUTES: Record<ViewName, string> = {
  rollout: "/dashboard/rollout",
  unit: "/dashboard/unit",
  hr: "/hr",
  mine: "/mine",
};

/** Where a signed-in user who opens a screen not meant for them goes instead (null: they may stay). */
export function redirectFor(view: ViewName | undefined, me: Me | null | undefined): string | null {
  if (!view || !me || viewsFor(me).includes(view)) return null;
  // A department's dashboard is where the director's and HR's dashboards drill down to.
  if (view === "unit" && hasRole(me, "executive", "admin", "hr")) return null;
  return homePath(me);
}

export function homePath(me: Me | null | undefined): string {
  const v = viewsFor(me)[0];
  return v ? VIEW_ROUTES[v] : "/account";
}

export type TabName = "home" | "review" | "mine" | "collab" | "org" | "account";

/**
 * The tab bar's tabs, one per destination: 首页 is left out when the home screen is already a tab of
 * its own (an employee's home is 我的指标, HR's is 审核), so two tabs never open the same screen.
 */
export function tabsFor(me: Me | null | undefined): TabName[] {
  const out: TabName[] = [];
  const home = homePath(me);
  const review = hasRole(me, "hr", "admin");
  if (home !== VIEW_ROUTES.mine && !(review && home === VIEW_ROUTES.hr)) out.push("home");
  if (review) out.push("review");
  out.push("mine", "collab", "org", "account");
  return out;
}

/**
 * Where a tap on a tab goes when that tab is already lit (Vant ignores it): back to the tab's first
 * screen, as phones do, unless that screen is already shown. ``to`` is the tab's address ("/" is the
 * home screen, which is the user's home path); null when there is nowhere to go.
 */
export function reopenTarget(to: string, currentPath: string, home: string): string | null {
  const first = to === "/" ? home : to;
  return currentPath === first ? null : first;
}
