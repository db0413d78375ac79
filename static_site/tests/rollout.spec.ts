import { describe, expect, it } from "vitest";
import { overallCompletion, problemText } from "../src/rollout";
import type { ComplianceProblem, DirectorDashboard } from "../src/api/types";

const counts = { not_started: 3, drafting: 2, in_review: 1, returned: 1, approved: 2, confirmed: 1 };
const board = (over: Partial<DirectorDashboard> = {}): DirectorDashboard => ({
  period: "2026",
  totals: counts,
  people: 10,
  departments: [],
  compliance_problems: [],
  cycle: null,
  ranking: [],
  trend: [],
  ...over,
});
const problem = (over: Partial<ComplianceProblem>): ComplianceProblem => ({
  unit_id: "u",
  unit_name: "销售部",
  set_id: "s",
  title: "销售部 2026",
  state: "in_review",
  blocking_findings: 0,
  open_questions: 0,
  ...over,
});
// A stand-in for vue-i18n's t(): the key and its count, enough to see which messages are chosen.
const t = (key: string, named: Record<string, unknown>) => `${key}${named.n != null ? `(${named.n})` : ""}`;

describe("overallCompletion", () => {
  it("counts approved and confirmed people as done", () => {
    expect(overallCompletion(board())).toEqual({ completion: 0.3, people: 10 });
  });

  it("calls an empty scope complete rather than dividing by zero", () => {
    const empty = { not_started: 0, drafting: 0, in_review: 0, returned: 0, approved: 0, confirmed: 0 };
    expect(overallCompletion(board({ totals: empty, people: 0 }))).toEqual({ completion: 1, people: 0 });
  });
});

describe("problemText", () => {
  it("names blocking findings, open questions and a return, in that order", () => {
    expect(problemText(problem({ blocking_findings: 2, open_questions: 1, state: "returned" }), t)).toBe(
      "rollout.findings(2) · rollout.questions(1) · rollout.returnedToDrafter",
    );
  });

  it("says only what applies", () => {
    expect(problemText(problem({ open_questions: 3, state: "published" }), t)).toBe("rollout.questions(3)");
  });
});
