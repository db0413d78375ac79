import { describe, expect, it } from "vitest";
import { arrangeCards, arrowFor, axisRange, cardState, dueStep, halfWidthDigits, teamSummary, type ProgressCard } from "../src/progress";
import { parseNumber } from "../src/dataEntry";

const card = (over: Partial<ProgressCard>): ProgressCard => ({
  name: "客户转化率 · 陈静",
  actual: 8,
  target: 10,
  direction: "higher_is_better",
  forecast: null,
  ...over,
});

describe("arrowFor: the arrow says above/below, the tone says good/bad for the direction", () => {
  it("higher is better: below target is ▼ bad, above is ▲ good", () => {
    expect(arrowFor(8, 10, "higher_is_better")).toEqual({ symbol: "▼", tone: "bad" });
    expect(arrowFor(12, 10, "higher_is_better")).toEqual({ symbol: "▲", tone: "good" });
  });
  it("lower is better: above target is ▲ bad (the issue's wrong ▼), below is ▼ good", () => {
    expect(arrowFor(3, 2, "lower_is_better")).toEqual({ symbol: "▲", tone: "bad" });
    expect(arrowFor(1, 2, "lower_is_better")).toEqual({ symbol: "▼", tone: "good" });
  });
  it("a band: inside is ● good, either side is bad", () => {
    const band = { low: 25, high: 40 };
    expect(arrowFor(30, null, "target_band", band)).toEqual({ symbol: "●", tone: "good" });
    expect(arrowFor(45, null, "target_band", band)).toEqual({ symbol: "▲", tone: "bad" });
    expect(arrowFor(20, null, "target_band", band)).toEqual({ symbol: "▼", tone: "bad" });
  });
  it("on target within float noise is ●; no actual or no target is no arrow", () => {
    expect(arrowFor(0.1 + 0.2, 0.3, "higher_is_better")?.symbol).toBe("●");
    expect(arrowFor(null, 10)).toBeNull();
    expect(arrowFor(5, null)).toBeNull();
  });
});

describe("halfWidthDigits: a Chinese keyboard's digits are kept, not erased", () => {
  it("turns full-width digits, point, minus and comma into ASCII", () => {
    expect(halfWidthDigits("１２")).toBe("12");
    expect(halfWidthDigits("１，２３４．５")).toBe("1,234.5");
    expect(halfWidthDigits("－３")).toBe("-3");
    expect(halfWidthDigits("12。5")).toBe("12.5");
  });
  it("leaves ASCII as it is, and the result parses", () => {
    expect(halfWidthDigits("8.25")).toBe("8.25");
    expect(parseNumber(halfWidthDigits("１２"))).toBe(12);
  });
});

describe("teamSummary and cardState", () => {
  it("counts on track, at risk and no data", () => {
    const cards = [
      card({ actual: null }),
      card({ forecast: { value: 8, at_risk: true } }),
      card({ actual: 11, forecast: { value: 11, at_risk: false } }),
      card({ actual: 3, target: 2, direction: "lower_is_better" }), // no forecast: above target is at risk
      card({ actual: 1, target: 2, direction: "lower_is_better" }),
    ];
    expect(teamSummary(cards)).toEqual({ total: 5, on_track: 2, at_risk: 2, no_data: 1 });
    expect(cardState(cards[3])).toBe("at_risk");
  });
});

describe("arrangeCards: filter, search, sort", () => {
  const cards = [
    card({ indicator_id: "a", name: "放款金额 · 王敏", actual: 320, target: 300, forecast: { value: 330, at_risk: false } }),
    card({ indicator_id: "b", name: "客户转化率 · 陈静", actual: 8, target: 10, forecast: { value: 8, at_risk: true } }),
    card({ indicator_id: "c", name: "逾期率 · 陈静", actual: null, target: 2, direction: "lower_is_better" }),
    card({ indicator_id: "d", name: "客户转化率 · 王敏", actual: 5, target: 10, forecast: { value: 5, at_risk: true } }),
  ];
  const ids = (xs: ProgressCard[]) => xs.map((c) => c.indicator_id);
  it("risk order puts at risk first, then no data, keeping the API's order within", () => {
    expect(ids(arrangeCards(cards, { sort: "risk" }))).toEqual(["b", "d", "c", "a"]);
  });
  it("gap order puts the furthest behind first", () => {
    expect(ids(arrangeCards(cards, { sort: "gap" }))).toEqual(["d", "b", "a", "c"]);
  });
  it("filters by state and searches by person or indicator", () => {
    expect(ids(arrangeCards(cards, { filter: "at_risk" }))).toEqual(["b", "d"]);
    expect(ids(arrangeCards(cards, { query: "陈静", sort: "name" }))).toEqual(["b", "c"]);
    expect(ids(arrangeCards(cards, { filter: "no_data", query: "王敏" }))).toEqual([]);
  });
});

describe("dueStep and axisRange", () => {
  it("in May with April still empty, April is due; once filled, May", () => {
    expect(dueStep(5, (s) => s === 4)).toBe(4);
    expect(dueStep(5, () => false)).toBe(5);
    expect(dueStep(1, () => true)).toBe(1);
  });
  it("the axis includes the target line above the series", () => {
    const r = axisRange([0.6, 0.75], [1])!;
    expect(r.min).toBeLessThanOrEqual(0.6);
    expect(r.max).toBeGreaterThanOrEqual(1);
    expect(axisRange([], [null])).toBeNull();
  });
});

describe("notification links open the exact object", () => {
  it("an answered question opens my indicators at that set", async () => {
    const { routeOfLink } = await import("../src/collab");
    expect(routeOfLink("/#/mine?set=01hq3v6x")).toBe("/mine?set=01hq3v6x");
  });
});
