import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import ActualTargetCard from "../src/components/ActualTargetCard.vue";
import type { UnitIndicator } from "../src/api/types";
import { makeI18n } from "./helpers";

const conversion: UnitIndicator = {
  indicator_id: "k1",
  name: { "zh-CN": "客户转化率", en: "Customer conversion rate" },
  unit: "percent",
  direction: "higher_is_better",
  actual: 8,
  target: 10,
  weight: 30,
  forecast: { value: 9, at_risk: true },
};

function mountCard(indicator: UnitIndicator, locale: "zh-CN" | "en" = "zh-CN") {
  return mount(ActualTargetCard, { props: { indicator }, global: { plugins: [makeI18n(locale)] } });
}

describe("actual-vs-target card", () => {
  it("shows actual, target and the gap in percentage points", () => {
    const w = mountCard(conversion);
    expect(w.get('[data-testid="indicator-name"]').text()).toBe("客户转化率");
    expect(w.get('[data-testid="indicator-actual"]').text()).toBe("8%");
    expect(w.get('[data-testid="indicator-target"]').text()).toBe("目标 10%");
    expect(w.get('[data-testid="indicator-gap"]').text()).toContain("差 2 个百分点");
    expect(w.get('[data-testid="indicator-row"]').attributes("data-status")).toBe("behind");
  });

  it("gives screen readers the whole sentence", () => {
    const w = mountCard(conversion);
    expect(w.get('[data-testid="indicator-row"]').attributes("aria-label")).toBe("客户转化率 8% / 目标 10%，差 2 个百分点");
  });

  it("flags an at-risk forecast", () => {
    const w = mountCard(conversion);
    expect(w.find('[data-testid="indicator-at-risk"]').exists()).toBe(true);
    const safe = mountCard({ ...conversion, forecast: { value: 11, at_risk: false } });
    expect(safe.find('[data-testid="indicator-at-risk"]').exists()).toBe(false);
    expect(safe.find('[data-testid="indicator-on-track"]').exists()).toBe(true);
  });

  it("points a lower-is-better indicator above target up, in red (the issue's ▼ was wrong)", () => {
    const w = mountCard({ ...conversion, name: "不良率", direction: "lower_is_better", actual: 2.5, target: 2, forecast: null });
    const arrow = w.get('[data-testid="indicator-arrow"]');
    expect(arrow.text()).toBe("▲");
    expect(arrow.attributes("data-tone")).toBe("bad");
    expect(w.get('[data-testid="indicator-gap"]').classes()).toContain("gap-behind");
    const below = mountCard({ ...conversion, name: "不良率", direction: "lower_is_better", actual: 1.5, target: 2, forecast: null });
    expect(below.get('[data-testid="indicator-arrow"]').text()).toBe("▼");
    expect(below.get('[data-testid="indicator-arrow"]').attributes("data-tone")).toBe("good");
  });

  it("words the forecast with a formatted value, never the API's raw sentence", () => {
    const w = mountCard({ ...conversion, unit: "cny", actual: 1200, target: 3000, forecast: { value: 2307.1634, at_risk: true } });
    expect(w.get('[data-testid="indicator-forecast"]').text()).toBe("按当前进度预计期末 2,307.16 元");
  });

  it("reads a lower-is-better indicator below target as ahead", () => {
    const w = mountCard({ ...conversion, name: "不良率", direction: "lower_is_better", actual: 1.5, target: 2, forecast: null });
    expect(w.get('[data-testid="indicator-gap"]').text()).toContain("低于目标 0.5 个百分点");
    expect(w.get('[data-testid="indicator-row"]').attributes("data-status")).toBe("ahead");
  });

  it("shows a target band and whether the actual is inside it", () => {
    const w = mountCard({ ...conversion, name: "审批通过率", direction: "target_band", actual: 45, target: null, band_low: 25, band_high: 40, forecast: null });
    expect(w.get('[data-testid="indicator-target"]').text()).toBe("目标 25% – 40%");
    expect(w.get('[data-testid="indicator-gap"]').text()).toContain("高于目标区间 5 个百分点");
    expect(w.get('[data-testid="indicator-row"]').attributes("data-status")).toBe("behind");
  });

  it("speaks English when the locale is English", () => {
    const w = mountCard(conversion, "en");
    expect(w.get('[data-testid="indicator-name"]').text()).toBe("Customer conversion rate");
    expect(w.get('[data-testid="indicator-gap"]').text()).toContain("2 pp short of target");
  });

  it("formats money targets in 万元", () => {
    const w = mountCard({ ...conversion, name: "销售额", unit: "cny", actual: 850_000, target: 1_000_000, forecast: null });
    expect(w.get('[data-testid="indicator-actual"]').text()).toBe("85 万元");
    expect(w.get('[data-testid="indicator-gap"]').text()).toContain("差 15 万元");
    const tenK = mountCard({ ...conversion, name: "新增销售规模", unit: "cny_10k", actual: 4800, target: 5000, forecast: null });
    expect(tenK.get('[data-testid="indicator-actual"]').text()).toBe("4,800 万元");
    expect(tenK.get('[data-testid="indicator-gap"]').text()).toContain("差 200 万元");
  });

  it("copes with a missing actual", () => {
    const w = mountCard({ ...conversion, actual: null, forecast: null });
    expect(w.get('[data-testid="indicator-actual"]').text()).toBe("—");
    expect(w.find('[data-testid="indicator-gap"]').exists()).toBe(false);
  });
});
