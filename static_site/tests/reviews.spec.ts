import { describe, expect, it } from "vitest";
import {
  byRating,
  daysLeft,
  deadlineOutOfOrder,
  defaultDeadlines,
  distributionBars,
  nextStage,
  periodRange,
  reviewBody,
  reviewChanged,
  reviewStatus,
  stageProgress,
  stageState,
} from "../src/reviews";
import type { ResultRow, ReviewOut } from "../src/api/types";

describe("periods and deadlines", () => {
  it("knows each period's first and last day", () => {
    expect(periodRange("2026")).toEqual({ start: "2026-01-01", end: "2026-12-31" });
    expect(periodRange("2026-H2")).toEqual({ start: "2026-07-01", end: "2026-12-31" });
    expect(periodRange("2026-Q1")).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodRange("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(periodRange("2026-13")).toBeNull();
    expect(periodRange("二〇二六")).toBeNull();
  });

  it("suggests deadlines in stage order, from the period's dates", () => {
    const d = defaultDeadlines("2026-Q2");
    expect(d).toEqual({
      goal_setting: "2026-04-15",
      in_progress: "2026-06-30",
      self_review: "2026-07-07",
      manager_review: "2026-07-14",
      calibration: "2026-07-21",
      results_published: "2026-07-28",
    });
    expect(deadlineOutOfOrder(d)).toBeNull();
    expect(defaultDeadlines("soon")).toEqual({});
  });

  it("names the first stage whose deadline comes before an earlier one", () => {
    expect(deadlineOutOfOrder({ goal_setting: "2026-04-10", self_review: "2026-04-01", calibration: "2026-03-01" })).toBe("self_review");
    expect(deadlineOutOfOrder({ in_progress: "2026-06-30", manager_review: "2026-07-10" })).toBeNull();
  });

  it("counts days to a deadline, negative once past", () => {
    expect(daysLeft("2026-07-05", "2026-07-01")).toBe(4);
    expect(daysLeft("2026-07-01", "2026-07-03")).toBe(-2);
    expect(daysLeft(undefined, "2026-07-03")).toBeNull();
  });
});

describe("stages", () => {
  it("run forward one at a time", () => {
    expect(nextStage("manager_review")).toBe("calibration");
    expect(nextStage("closed")).toBeNull();
    expect(stageState("self_review", "calibration")).toBe("done");
    expect(stageState("calibration", "calibration")).toBe("current");
    expect(stageState("closed", "calibration")).toBe("todo");
  });

  it("show the count that must be complete before leaving them", () => {
    const counts = { participants: 5, goals_ready: 5, actuals_complete: 4, self_reviews_submitted: 3, manager_reviews_submitted: 1, acknowledged: 0 };
    expect(stageProgress("self_review", counts)).toEqual({ done: 3, total: 5 });
    expect(stageProgress("results_published", counts)).toEqual({ done: 0, total: 5 });
    expect(stageProgress("calibration", counts)).toBeNull();
  });
});

describe("distribution against the target curve", () => {
  const rows = [
    { label: "S", count: 3, share: 0.3, target_share: 0.1, target_count: 1, over: 2, under: 0 },
    { label: "A", count: 2, share: 0.2, target_share: 0.2, target_count: 2, over: 0, under: 0 },
    { label: "B", count: 1, share: 0.1, target_share: 0.5, target_count: 5, over: 0, under: 4 },
    { label: "C", count: 0, share: 0, target_share: null, target_count: null, over: 0, under: 0 },
  ];

  it("scales actual and target bars to the longest of either", () => {
    const bars = distributionBars(rows);
    expect(bars.map((b) => [b.label, b.countPct, b.targetPct])).toEqual([
      ["S", 60, 20],
      ["A", 40, 40],
      ["B", 20, 100],
      ["C", 0, 0],
    ]);
  });

  it("marks ratings over and under their target count", () => {
    expect(distributionBars(rows).map((b) => b.tone)).toEqual(["over", "ok", "under", "ok"]);
  });

  it("draws an empty chart without dividing by zero", () => {
    expect(distributionBars([{ label: "S", count: 0, share: 0, target_count: 0, over: 0, under: 0 }])[0].countPct).toBe(0);
  });

  it("groups people by their calibrated rating, best total first, unrated last", () => {
    const row = (person_id: string, rating: string | null, final_rating: string | null, total: number | null): ResultRow => ({
      person_id, name: person_id, unit_id: "u", rating, final_rating, total, calibrated: final_rating !== rating,
    });
    const groups = byRating([row("a", "B", "B", 85), row("b", "B", "A", 90), row("c", "B", "B", 88), row("d", null, null, null)], ["A", "B"]);
    expect(groups.map((g) => [g.label, g.people.map((p) => p.person_id)])).toEqual([
      ["A", ["b"]],
      ["B", ["c", "a"]],
      ["", ["d"]],
    ]);
  });
});

describe("review forms", () => {
  const saved: ReviewOut = {
    cycle_id: "c", person_id: "p", kind: "manager", comments: [{ indicator_id: "i1", comment: "好" }], overall: "整体不错",
    rating: "A", submitted_at: null, version: 1,
  };

  it("send only the comments written, trimmed, and the rating when chosen", () => {
    expect(reviewBody(["i1", "i2"], { i1: "  好 ", i2: "   " }, " 整体 ", true, "B")).toEqual({
      comments: [{ indicator_id: "i1", comment: "好" }], overall: "整体", submit: true, rating: "B",
    });
    expect(reviewBody(["i1"], { gone: "x" }, "", false)).toEqual({ comments: [], overall: "", submit: false });
  });

  it("know a draft from a submitted review and notice unsaved changes", () => {
    expect(reviewStatus(null)).toBe("none");
    expect(reviewStatus(saved)).toBe("draft");
    expect(reviewStatus({ ...saved, submitted_at: "2026-07-01T00:00:00Z" })).toBe("submitted");
    expect(reviewChanged(saved, reviewBody(["i1"], { i1: "好" }, "整体不错", false, "A"))).toBe(false);
    expect(reviewChanged(saved, reviewBody(["i1"], { i1: "好" }, "整体不错", false, "B"))).toBe(true);
    expect(reviewChanged(saved, reviewBody(["i1"], { i1: "很好" }, "整体不错", false, "A"))).toBe(true);
    expect(reviewChanged(null, reviewBody(["i1"], {}, "", false))).toBe(false);
  });
});
