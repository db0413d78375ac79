import { describe, expect, it } from "vitest";
import { hitPath, orderedGroups, searchWords } from "../src/search";
import type { SearchHit } from "../src/api/search";
import type { Me } from "../src/api/types";

const me = (roles: Me["roles"], extra: Partial<Me> = {}): Me => ({ tenant_id: "t", user_id: "u", email: "e", roles, person_id: "p-me", ...extra });
const hit = (kind: SearchHit["kind"], id: string, extra: Partial<SearchHit> = {}): SearchHit => ({ kind, id, title: id, subtitle: "", ...extra });

describe("where a hit opens", () => {
  it("opens a person as HR's edit screen, a leader's file view, an employee's org chart, and oneself as 我的指标", () => {
    expect(hitPath(hit("person", "p1"), me(["hr", "employee"]))).toBe("/org/people/p1");
    expect(hitPath(hit("person", "p1"), me(["manager", "employee"]))).toBe("/people/p1/file");
    expect(hitPath(hit("person", "p1"), me(["employee"]))).toBe("/org");
    expect(hitPath(hit("person", "p-me"), me(["hr"]))).toBe("/mine");
  });

  it("opens a unit's dashboard only for those who may see it", () => {
    expect(hitPath(hit("unit", "u1"), me(["executive"]))).toBe("/dashboard/unit/u1");
    expect(hitPath(hit("unit", "u1"), me(["manager"], { managed_unit_ids: ["u1"] }))).toBe("/dashboard/unit/u1");
    expect(hitPath(hit("unit", "u2"), me(["manager"], { managed_unit_ids: ["u1"] }))).toBe("/org");
    expect(hitPath(hit("unit", "u1"), me(["employee"]))).toBe("/org");
  });

  it("opens a set for review (HR) or for drafting, an own indicator in 我的指标 at its set, a task", () => {
    expect(hitPath(hit("indicator_set", "s1"), me(["hr"]))).toBe("/hr/sets/s1");
    expect(hitPath(hit("indicator_set", "s1"), me(["manager"]))).toBe("/sets/s1/edit");
    expect(hitPath(hit("indicator", "i1", { set_id: "s 1" }), me(["employee"]))).toBe("/mine?set=s%201");
    expect(hitPath(hit("task", "t1"), me(["employee"]))).toBe("/tasks/t1");
  });
});

describe("search words and groups", () => {
  it("sends trimmed words within the API's 50 characters, nothing for blanks", () => {
    expect(searchWords("  王芳 ")).toBe("王芳");
    expect(searchWords("   ")).toBe("");
    expect(searchWords("字".repeat(60))).toHaveLength(50);
  });

  it("shows people, units, own indicators, sets, tasks in that order, empty groups left out", () => {
    const groups = orderedGroups([
      { kind: "task", items: [hit("task", "t")], more: false },
      { kind: "unit", items: [], more: false },
      { kind: "person", items: [hit("person", "p")], more: true },
      { kind: "indicator_set", items: [hit("indicator_set", "s")], more: false },
    ]);
    expect(groups.map((g) => g.kind)).toEqual(["person", "indicator_set", "task"]);
  });
});
