/**
 * Strategic goals on the phone: the cascade (company → unit → position) as a flat list of cards
 * with their depth, the weights of each goal's children, and what a child of a goal may be.
 * Pure: tested in tests/goals.spec.ts.
 */
import type { Goal } from "./api/types";

export type Level = Goal["level"];

export interface GoalCard {
  goal: Goal;
  depth: number;
  /** Sum of the children's weights (null when no child has one). */
  childWeight: number | null;
  childCount: number;
}

/** Roots with children (the cascade endpoint) or a flat list (nested by parent_id) → cards in tree order. */
export function goalCards(list: Goal[]): GoalCard[] {
  const roots = list.some((g) => g.children?.length) ? list : nest(list);
  const out: GoalCard[] = [];
  const walk = (g: Goal, depth: number) => {
    const kids = g.children ?? [];
    out.push({ goal: g, depth, childWeight: weightOf(kids), childCount: kids.length });
    kids.forEach((k) => walk(k, depth + 1));
  };
  roots.forEach((g) => walk(g, 0));
  return out;
}

function nest(list: Goal[]): Goal[] {
  const ids = new Set(list.map((g) => g.goal_id));
  const byParent = new Map<string, Goal[]>();
  for (const g of list) {
    const p = g.parent_id && ids.has(g.parent_id) ? g.parent_id : "";
    byParent.set(p, [...(byParent.get(p) ?? []), g]);
  }
  const make = (g: Goal): Goal => ({ ...g, children: (byParent.get(g.goal_id) ?? []).map(make) });
  return (byParent.get("") ?? []).map(make);
}

function weightOf(kids: Goal[]): number | null {
  const ws = kids.map((k) => k.weight).filter((w): w is number => typeof w === "number");
  return ws.length ? ws.reduce((a, b) => a + b, 0) : null;
}

/** The levels a goal may have under ``parent``: a company goal cascades to units, a unit goal to units or positions. */
export function childLevels(parent: Goal | null): Level[] {
  if (!parent) return ["company"];
  if (parent.level === "company") return ["unit"];
  if (parent.level === "unit") return ["unit", "position"];
  return [];
}

export interface GoalFormModel {
  level: Level;
  title: string;
  target: string;
  weight: string;
  unit_id: string;
  position_id: string;
  description: string;
}

/** Client checks before the save (i18n keys per field); the API checks again. */
export function validateGoal(f: GoalFormModel, editing = false): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.title.trim()) e.title = "setup.required";
  const w = f.weight.trim();
  if (w && !(/^\d{1,3}$/.test(w) && Number(w) <= 100)) e.weight = "goals.weightInvalid";
  if (!editing && f.level === "unit" && !f.unit_id) e.unit_id = "setup.required";
  if (!editing && f.level === "position" && !f.position_id) e.position_id = "setup.required";
  return e;
}

/** "" → null (no weight), else the integer typed. */
export const weightValue = (w: string): number | null => (w.trim() === "" ? null : Number(w.trim()));

interface UnitLike {
  unit_id: string;
  path?: string[];
  status?: string;
  kind?: string;
}
interface PositionLike {
  position_id: string;
  unit_id: string;
}

const inside = (u: UnitLike | undefined, top: string) => !!u && (u.unit_id === top || (u.path ?? []).includes(top));

/** Units a unit goal under ``parent`` may belong to: any open unit under a company goal, else the parent's unit or below. */
export function unitChoices<U extends UnitLike>(units: U[], parent: Goal | null): U[] {
  const open = units.filter((u) => u.status !== "closed" && u.kind !== "company");
  if (!parent || parent.level === "company" || !parent.unit_id) return open;
  return open.filter((u) => inside(u, parent.unit_id as string));
}

/** Positions a position goal under ``parent`` may belong to: those of the parent's unit or below. */
export function positionChoices<P extends PositionLike>(positions: P[], units: UnitLike[], parent: Goal | null): P[] {
  if (!parent?.unit_id) return positions;
  const byId = new Map(units.map((u) => [u.unit_id, u]));
  return positions.filter((p) => inside(byId.get(p.unit_id), parent.unit_id as string));
}
