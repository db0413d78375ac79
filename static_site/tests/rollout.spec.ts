import { describe, expect, it } from "vitest";
import { departmentsOf } from "../src/rollout";
import type { RolloutRow } from "../src/api/types";

const counts = { not_started: 0, drafting: 0, in_review: 0, returned: 0, approved: 0, confirmed: 0 };
const row = (unit_id: string, depth: number, parent_id: string | null = null): RolloutRow => ({
  unit_id,
  name: unit_id,
  kind: depth === 0 ? "company" : "department",
  parent_id,
  depth,
  people: 1,
  counts,
});

describe("departmentsOf", () => {
  it("takes the level below the company for an executive", () => {
    const rows = [row("co", 0), row("sales", 1, "co"), row("risk", 1, "co"), row("team", 2, "sales")];
    expect(departmentsOf(rows).map((r) => r.unit_id)).toEqual(["sales", "risk"]);
  });
  it("takes the level below a manager's own unit", () => {
    const rows = [row("sales", 1, "co"), row("t1", 2, "sales"), row("t2", 2, "sales")];
    expect(departmentsOf(rows).map((r) => r.unit_id)).toEqual(["t1", "t2"]);
  });
  it("shows a lone unit itself", () => {
    expect(departmentsOf([row("t1", 2, "sales")]).map((r) => r.unit_id)).toEqual(["t1"]);
    expect(departmentsOf([])).toEqual([]);
  });
});
