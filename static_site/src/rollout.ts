/** Pure helpers for the rollout dashboard (tested without a browser). */
import type { RolloutRow } from "./api/types";

/** Departments = the level below the top of the caller's scope (the company's departments for executives). */
export function departmentsOf(rows: RolloutRow[]): RolloutRow[] {
  if (!rows.length) return [];
  const top = Math.min(...rows.map((r) => r.depth));
  const below = rows.filter((r) => r.depth === top + 1);
  return below.length ? below : rows.filter((r) => r.depth === top);
}
