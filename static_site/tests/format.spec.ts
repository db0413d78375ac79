import { describe, expect, it } from "vitest";
import {
  actualVsTargetText,
  formatCNY,
  formatDate,
  formatPercent,
  formatPeriod,
  formatValue,
  gap,
  sumWeights,
} from "../src/format";

describe("formatPercent", () => {
  it("shows a fraction as a percentage without trailing zeros", () => {
    expect(formatPercent(0.08)).toBe("8%");
    expect(formatPercent(0.085)).toBe("8.5%");
    expect(formatPercent(1)).toBe("100%");
  });
  it("shows a dash for a missing value", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.NaN)).toBe("—");
  });
});

describe("formatCNY", () => {
  it("uses 元 below ten thousand", () => {
    expect(formatCNY(8500)).toBe("8,500 元");
  });
  it("uses 万元 from ten thousand", () => {
    expect(formatCNY(125_000)).toBe("12.5 万元");
    expect(formatCNY(10_000)).toBe("1 万元");
  });
  it("uses 亿元 from one hundred million", () => {
    expect(formatCNY(120_000_000)).toBe("1.2 亿元");
  });
  it("keeps the sign of a negative amount", () => {
    expect(formatCNY(-25_000)).toBe("-2.5 万元");
  });
  it("uses a compact yuan sign in English", () => {
    expect(formatCNY(8500, "en")).toBe("¥8,500");
    expect(formatCNY(125_000, "en")).toBe("¥125K");
    expect(formatCNY(3_400_000, "en")).toBe("¥3.4M");
  });
});

describe("formatDate", () => {
  it("shows a calendar date in Chinese and English without a time-zone shift", () => {
    expect(formatDate("2026-03-05")).toBe("2026年3月5日");
    expect(formatDate("2026-03-05", "en")).toBe("Mar 5, 2026");
  });
  it("shows a timestamp in China time", () => {
    // 2026-03-05T18:30Z is 2026-03-06 02:30 in Shanghai.
    expect(formatDate("2026-03-05T18:30:00Z", "zh-CN", { withTime: true })).toBe("2026年3月6日 02:30");
    expect(formatDate("2026-03-05T18:30:00Z", "en")).toBe("Mar 6, 2026");
  });
  it("shows a dash for nothing and the raw text for garbage", () => {
    expect(formatDate(undefined)).toBe("—");
    expect(formatDate("soon")).toBe("soon");
  });
});

describe("formatPeriod", () => {
  it("formats months, quarters and years", () => {
    expect(formatPeriod("2026-03")).toBe("2026年3月");
    expect(formatPeriod("2026-03", "en")).toBe("Mar 2026");
    expect(formatPeriod("2026-Q1")).toBe("2026年第1季度");
    expect(formatPeriod("2026", "en")).toBe("2026");
  });
});

describe("formatValue", () => {
  it("formats by indicator unit (percent values are in points, as the API sends them)", () => {
    expect(formatValue(10, "percent")).toBe("10%");
    expect(formatValue(8.25, "percent")).toBe("8.25%");
    expect(formatValue(50_000, "cny")).toBe("5 万元");
    expect(formatValue(500, "cny_10k")).toBe("500 万元");
    expect(formatValue(25_000, "cny_10k")).toBe("2.5 亿元");
    expect(formatValue(3, "hours")).toBe("3 小时");
    expect(formatValue(45, "minutes", "en")).toBe("45 min");
    expect(formatValue(12, "days")).toBe("12 天");
    expect(formatValue(12, "days", "en")).toBe("12 days");
    expect(formatValue(1234, "count")).toBe("1,234");
  });
});

describe("gap", () => {
  it("says how far behind a higher-is-better indicator is, in percentage points", () => {
    const g = gap(8, 10, "percent", "higher_is_better");
    expect(g?.status).toBe("behind");
    expect(g?.text).toBe("差 2 个百分点");
    expect(gap(8, 10, "percent", "higher_is_better", "en")?.text).toBe("2 pp short of target");
  });
  it("says how far ahead a higher-is-better indicator is", () => {
    const g = gap(12, 10, "percent");
    expect(g?.status).toBe("ahead");
    expect(g?.text).toBe("超出 2 个百分点");
  });
  it("treats a lower-is-better indicator above target as behind", () => {
    const g = gap(3, 2, "percent", "lower_is_better");
    expect(g?.status).toBe("behind");
    expect(g?.text).toBe("高于目标 1 个百分点");
    expect(gap(1, 2, "percent", "lower_is_better", "en")?.text).toBe("1 pp under target");
  });
  it("is on target when equal despite float noise", () => {
    expect(gap(0.1 + 0.2, 0.3, "percent")?.status).toBe("on_target");
    expect(gap(8.1 - 0.1, 8, "percent")?.status).toBe("on_target");
  });
  it("formats money gaps in 万元", () => {
    expect(gap(800_000, 1_000_000, "cny")?.text).toBe("差 20 万元");
    expect(gap(450, 500, "cny_10k")?.text).toBe("差 50 万元");
  });
  it("is on target inside a target band and behind outside it", () => {
    const band = { low: 25, high: 40 };
    expect(gap(30, null, "percent", "target_band", "zh-CN", band)?.text).toBe("在目标区间内");
    const low = gap(20, null, "percent", "target_band", "zh-CN", band);
    expect(low?.status).toBe("behind");
    expect(low?.text).toBe("低于目标区间 5 个百分点");
    expect(gap(45, null, "percent", "target_band", "en", band)?.text).toBe("5 pp above the band");
  });
  it("is null when a figure is missing", () => {
    expect(gap(null, 10, "percent")).toBeNull();
    expect(gap(5, null, "percent")).toBeNull();
  });
});

describe("actualVsTargetText", () => {
  it("reads like the product spec", () => {
    expect(actualVsTargetText("客户转化率", 8, 10, "percent")).toBe("客户转化率 8% / 目标 10%，差 2 个百分点");
    expect(actualVsTargetText("Conversion", 8, 10, "percent", "higher_is_better", "en")).toBe(
      "Conversion 8% / target 10%, 2 pp short of target",
    );
  });
});

describe("sumWeights", () => {
  it("adds weights, ignoring blanks, without float noise", () => {
    expect(sumWeights([33.3, 33.3, 33.4])).toBe(100);
    expect(sumWeights(["40", "", null, 60])).toBe(100);
    expect(sumWeights([0.1, 0.2])).toBe(0.3);
  });
});
