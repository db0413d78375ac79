import { describe, expect, it } from "vitest";
import { childLevels, goalCards, positionChoices, unitChoices, validateGoal, weightValue, type GoalFormModel } from "../src/goals";
import type { Goal } from "../src/api/types";

const company: Goal = { goal_id: "c", period: "2026", level: "company", title: "放款 50 亿" };
const sales: Goal = { goal_id: "s", period: "2026", level: "unit", title: "销售部放款 30 亿", parent_id: "c", unit_id: "S", weight: 60 };
const risk: Goal = { goal_id: "r", period: "2026", level: "unit", title: "风控部", parent_id: "c", unit_id: "R", weight: 30 };
const rep: Goal = { goal_id: "p", period: "2026", level: "position", title: "客户经理", parent_id: "s", unit_id: "S1", position_id: "P", weight: 100 };

describe("goal cards", () => {
  it("lists a flat period in cascade order with depths and the children's weight sum", () => {
    // Given the flat list the goals endpoint returns, children before parents
    const cards = goalCards([rep, risk, sales, company]);
    // Then the company goal comes first, each child under its parent, one level deeper
    expect(cards.map((c) => [c.goal.goal_id, c.depth])).toEqual([["c", 0], ["r", 1], ["s", 1], ["p", 2]]);
    // And the company goal's children add up to 90 (60 + 30): not yet 100
    expect(cards[0].childWeight).toBe(90);
    expect(cards[0].childCount).toBe(2);
    expect(cards.find((c) => c.goal.goal_id === "s")?.childWeight).toBe(100);
    expect(cards.find((c) => c.goal.goal_id === "p")?.childWeight).toBeNull();
  });

  it("takes the cascade endpoint's nested roots as they are", () => {
    const cards = goalCards([{ ...company, children: [{ ...sales, children: [rep] }] }]);
    expect(cards.map((c) => c.depth)).toEqual([0, 1, 2]);
  });

  it("treats a goal whose parent is not in the list as a root", () => {
    expect(goalCards([sales]).map((c) => c.depth)).toEqual([0]);
  });
});

describe("what a goal cascades to", () => {
  it("company → unit, unit → unit or position, position → nothing", () => {
    expect(childLevels(null)).toEqual(["company"]);
    expect(childLevels(company)).toEqual(["unit"]);
    expect(childLevels(sales)).toEqual(["unit", "position"]);
    expect(childLevels(rep)).toEqual([]);
  });

  const units = [
    { unit_id: "ROOT", kind: "company", path: ["ROOT"] },
    { unit_id: "S", kind: "department", path: ["ROOT", "S"] },
    { unit_id: "S1", kind: "team", path: ["ROOT", "S", "S1"] },
    { unit_id: "R", kind: "department", path: ["ROOT", "R"] },
    { unit_id: "X", kind: "department", path: ["ROOT", "X"], status: "closed" },
  ];

  it("offers every open department under a company goal, only the parent's subtree under a unit goal", () => {
    expect(unitChoices(units, company).map((u) => u.unit_id)).toEqual(["S", "S1", "R"]);
    expect(unitChoices(units, sales).map((u) => u.unit_id)).toEqual(["S", "S1"]);
  });

  it("offers the positions of the parent's unit and below", () => {
    const positions = [
      { position_id: "P", unit_id: "S1" },
      { position_id: "Q", unit_id: "R" },
    ];
    expect(positionChoices(positions, units, sales).map((p) => p.position_id)).toEqual(["P"]);
  });
});

describe("goal form checks", () => {
  const base: GoalFormModel = { level: "unit", title: "销售部目标", target: "", weight: "", unit_id: "S", position_id: "", description: "" };

  it("needs a title, a unit for a unit goal, and a whole-number weight up to 100", () => {
    expect(validateGoal(base)).toEqual({});
    expect(validateGoal({ ...base, title: " ", unit_id: "", weight: "120" })).toEqual({
      title: "setup.required",
      unit_id: "setup.required",
      weight: "goals.weightInvalid",
    });
    expect(validateGoal({ ...base, level: "position" })).toEqual({ position_id: "setup.required" });
    expect(validateGoal({ ...base, weight: "12.5" }).weight).toBe("goals.weightInvalid");
  });

  it("does not ask for the unit again when editing", () => {
    expect(validateGoal({ ...base, unit_id: "" }, true)).toEqual({});
  });

  it("sends an empty weight as none", () => {
    expect(weightValue(" ")).toBeNull();
    expect(weightValue("40")).toBe(40);
  });
});
