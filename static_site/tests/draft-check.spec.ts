import { describe, expect, it } from "vitest";
import { blockingReasons, findingsByRow, setLevel, type LiveCheck } from "../src/draft";
import type { Finding } from "../src/api/types";

const f = (over: Partial<Finding>): Finding => ({ rule: "data_source", severity: "error", message: { "zh-CN": "缺少数据来源", en: "No data source" }, ...over });
const check: LiveCheck = {
  indicator_ids: ["i1", "new-2"],
  findings: [
    f({ rule: "weights", indicator_id: null, message: { "zh-CN": "权重合计 90%", en: "Weights add up to 90%" } }),
    f({ indicator_id: "new-2" }),
    f({ rule: "goal_link", severity: "warning", indicator_id: "i1", message: { "zh-CN": "未关联目标", en: "No goal" } }),
  ],
};
const zh = (x: Finding): string => (typeof x.message === "string" ? x.message : x.message["zh-CN"] ?? "");

describe("live compliance findings while drafting", () => {
  it("puts each finding on the row it is about, by the order the check answered", () => {
    const rows = findingsByRow(check, 2);
    expect(rows[0].map((x) => x.rule)).toEqual(["goal_link"]);
    expect(rows[1].map((x) => x.rule)).toEqual(["data_source"]);
    expect(setLevel(check).map((x) => x.rule)).toEqual(["weights"]);
  });

  it("gives no row findings before any check and for rows added since", () => {
    expect(findingsByRow(null, 2)).toEqual([[], []]);
    expect(findingsByRow(check, 3)[2]).toEqual([]);
  });

  it("lists why submit is held back: blocking findings only, with the indicator's number and name", () => {
    const reasons = blockingReasons(check, [{ name: "客户转化率" }, { name: "回款率" }], zh);
    expect(reasons).toEqual(["权重合计 90%", "2. 回款率：缺少数据来源"]);
  });

  it("lets submit go when only warnings remain", () => {
    expect(blockingReasons({ ...check, findings: check.findings.filter((x) => x.severity === "warning") }, [], zh)).toEqual([]);
  });
});

describe("why submit is held back, by finding code", () => {
  it("names the row's indicator in the UI's language from the code, not the stored text", async () => {
    const { findingText } = await import("../src/findings");
    const { makeI18n } = await import("./helpers");
    const en = makeI18n("en").global;
    const coded: LiveCheck = { indicator_ids: ["i1"], findings: [f({ indicator_id: "i1", code: "finding.no_data_source" })] };
    const reasons = blockingReasons(coded, [{ name: "回款率" }], (x, row) =>
      findingText(x, en.t, "en", row ? [{ ...row, indicator_id: x.indicator_id }] : []),
    );
    expect(reasons).toEqual(["1. 回款率：'回款率' has no data source"]);
  });
});
