import { describe, expect, it } from "vitest";
import { changeNote, myDashboardFromHistory, reminderDays, stepLabel, unitIndicators } from "../src/dashboards";
import type { ReminderSent, UnitDashboard, UnitIndicatorOut } from "../src/api/types";

const row = (over: Partial<UnitIndicatorOut>): UnitIndicatorOut => ({
  person_id: "p1",
  person_name: "陈静",
  indicator_id: "k1",
  name: "客户转化率",
  value_unit: "percent",
  direction: "higher_is_better",
  weight: 60,
  target: 10,
  band_low: null,
  band_high: null,
  actual: 8,
  score: 80,
  attainment: 0.8,
  trend: [
    { step: 1, start: "2026-04-01", value: 9 },
    { step: 2, start: "2026-05-01", value: 7 },
  ],
  forecast: {
    projected: 8,
    projected_score: 80,
    at_risk: true,
    gap: -2,
    message: { "zh-CN": "预计期末 8，低于目标 10，差 2", en: "Projected 8, 2 short of the target 10" },
  },
  drivers: [{ measure: "converted_customers", name: "成交客户数", reference: 10, current: 8, change_pct: -20, effect: -2 }],
  reference_period: "2026-Q1",
  ...over,
});

const board: UnitDashboard = {
  unit_id: "u-sales",
  unit_name: "销售部",
  cycle: { cycle_id: "c1", name: "2026 二季度", period: "2026-Q2", stage: "in_progress", elapsed: 2, length: 3, step_unit: "month" },
  at_risk: 1,
  indicators: [
    row({}),
    row({ person_name: "王敏", indicator_id: "k2", name: "放款金额", value_unit: "cny_10k", forecast: { projected: 330, projected_score: 100, at_risk: false, gap: 30, message: { "zh-CN": "可达标" } }, drivers: [] }),
  ],
  team: { participants: 2, self_reviews_submitted: 1, manager_reviews_submitted: 0, acknowledged: 0 },
};

describe("unitIndicators", () => {
  it("names each card by indicator and person, keeps the API's at-risk-first order, and explains the gap", () => {
    const [first, second] = unitIndicators(board, "zh-CN");
    expect([first.name, second.name]).toEqual(["客户转化率 · 陈静", "放款金额 · 王敏"]);
    expect(first).toMatchObject({ unit: "percent", actual: 8, target: 10, weight: 60 });
    // The API's sentence has raw numbers in it: the card words the forecast from the value instead.
    expect(first.forecast).toEqual({ value: 8, at_risk: true });
    expect(first.drivers).toEqual([{ name: "成交客户数", effect: -2, unit: "percent", note: "较2026年第1季度 -20%" }]);
    expect(first.trend).toEqual([
      { label: "4月", actual: 9 },
      { label: "5月", actual: 7 },
    ]);
  });

  it("speaks English, and never passes on the API's Chinese forecast sentence", () => {
    const [first, second] = unitIndicators(board, "en");
    expect(first.trend?.map((p) => p.label)).toEqual(["Apr", "May"]);
    expect(first.drivers?.[0].note).toBe("-20% vs Q1 2026");
    expect(second.forecast).toEqual({ value: 330, at_risk: false });
  });

  it("gives an indicator without actuals no forecast, so no on-track tag", () => {
    const none = unitIndicators({ ...board, indicators: [row({ actual: null, trend: [], forecast: { projected: null, projected_score: null, at_risk: false, gap: null, message: {} } })] }, "zh-CN");
    expect(none[0].forecast).toBeNull();
  });
});

describe("reminderDays", () => {
  const sent = (day: string, channel: "email" | "chat", status: ReminderSent["status"], name: string): ReminderSent => ({
    day,
    channel,
    recipient_id: name,
    recipient_name: name,
    status,
    attempts: 1,
    at: `${day}T00:00:00Z`,
    detail: "",
  });

  it("counts what went out per day, newest first, and keeps each failure by name", () => {
    const days = reminderDays([
      sent("2026-11-26", "email", "sent", "王芳"),
      sent("2026-11-27", "email", "sent", "李强"),
      sent("2026-11-27", "chat", "sent", "销售部"),
      sent("2026-11-27", "email", "failed", "刘洋"),
    ]);
    expect(days.map((d) => [d.day, d.email, d.chat, d.failed.map((f) => f.recipient_name)])).toEqual([
      ["2026-11-27", 1, 1, ["刘洋"]],
      ["2026-11-26", 1, 0, []],
    ]);
  });
});

describe("changeNote", () => {
  it("names a month reference (a pilot's first month) and falls back to the last period", () => {
    expect(changeNote(-7.14, "2026-05", "zh-CN")).toBe("较2026年5月 -7.14%");
    expect(changeNote(12, null, "en")).toBe("+12% vs last period");
  });
});

describe("stepLabel", () => {
  it("labels days of a monthly cycle by month/day", () => {
    expect(stepLabel({ step: 12, start: "2026-03-12", value: 1 }, "day", "zh-CN")).toBe("3/12");
  });
});

describe("myDashboardFromHistory", () => {
  it("shows the latest cycle's results as actuals and every cycle as a review", () => {
    const d = myDashboardFromHistory({
      person_id: "p1",
      items: [
        { cycle_id: "c0", cycle_name: "2025 年度", period: "2025", stage: "closed", total: 88, final_rating: "B", indicators: [] },
        {
          cycle_id: "c1",
          cycle_name: "2026 一季度",
          period: "2026-Q1",
          stage: "results_published",
          total: 92.5,
          final_rating: "A",
          indicators: [{ indicator_id: "k1", name: "客户转化率", unit: "percent", weight: 60, direction: "higher_is_better", target: 10, value: 9 }],
        },
      ],
    });
    expect(d.actuals).toEqual([
      { indicator_id: "k1", name: "客户转化率", unit: "percent", direction: "higher_is_better", actual: 9, target: 10, band_low: null, band_high: null, weight: 60 },
    ]);
    expect(d.reviews?.map((r) => [r.cycle, r.score, r.rating])).toEqual([
      ["2026 一季度", 92.5, "A"],
      ["2025 年度", 88, "B"],
    ]);
  });
});
