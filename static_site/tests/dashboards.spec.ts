import { describe, expect, it } from "vitest";
import { myDashboardFromHistory, unitDashboardFromForecast } from "../src/dashboards";
import type { Forecast, Indicator } from "../src/api/types";

const forecast: Forecast = {
  cycle_id: "c1",
  period: "2026-Q1",
  unit_id: "u-sales",
  elapsed: 2,
  length: 3,
  unit: "month",
  at_risk: 1,
  items: [
    {
      person_id: "p2",
      person_name: "李娜",
      indicator_id: "k2",
      indicator_name: "新增销售规模",
      target: 3000,
      current: 2500,
      projected: 3400,
      at_risk: false,
      message: { "zh-CN": "预计期末 3400，达到目标 3000", en: "Projected 3400 meets the target 3000" },
    },
    {
      person_id: "p1",
      person_name: "王芳",
      indicator_id: "k1",
      indicator_name: "客户转化率",
      target: 10,
      current: 8,
      projected: 8.5,
      at_risk: true,
      message: { "zh-CN": "预计期末 8.5，低于目标 10，差 1.5", en: "Projected 8.5, 1.5 short of the target 10" },
      drivers: [{ measure: "qualified_leads", name: "有效线索客户数", reference: 200, current: 260, change_pct: 30, effect: -1.8 }],
    },
  ],
};

const kpi = (id: string, unit: string, direction: Indicator["direction"]): Indicator => ({
  indicator_id: id,
  name: id,
  unit,
  direction,
  weight: 50,
  target: 10,
});

describe("unitDashboardFromForecast", () => {
  it("puts at-risk indicators first, with the person's name and the forecast note", () => {
    const d = unitDashboardFromForecast(forecast, new Map([["k1", kpi("k1", "percent", "higher_is_better")]]), "zh-CN");
    expect(d.indicators?.map((i) => i.name)).toEqual(["客户转化率 · 王芳", "新增销售规模 · 李娜"]);
    const first = d.indicators![0];
    expect(first).toMatchObject({ unit: "percent", actual: 8, target: 10, weight: 50 });
    expect(first.forecast).toEqual({ value: 8.5, at_risk: true, note: "预计期末 8.5，低于目标 10，差 1.5" });
    expect(first.drivers).toEqual([{ name: "有效线索客户数", effect: -1.8, unit: "percent", note: "较上期 +30%" }]);
  });

  it("falls back to a plain count when the KPI object is not known", () => {
    const d = unitDashboardFromForecast(forecast, new Map(), "en");
    const sales = d.indicators!.find((i) => String(i.name).startsWith("新增"))!;
    expect(sales).toMatchObject({ unit: "count", direction: "higher_is_better" });
    expect(sales.forecast?.note).toBe("Projected 3400 meets the target 3000");
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
