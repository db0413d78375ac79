import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import ProgressBars from "../src/components/ProgressBars.vue";
import { reviewProgressRows } from "../src/dashboards";
import { makeI18n } from "./helpers";

describe("progress bars", () => {
  it("writes each row's count out of the total, and an empty scope is 0 %, not a division by zero", () => {
    const i18n = makeI18n("zh-CN");
    const rows = reviewProgressRows({ self_reviews_submitted: 3, manager_reviews_submitted: 1, acknowledged: 0 },
      (key) => i18n.global.t(key));
    const w = mount(ProgressBars, { props: { rows, total: 4 }, global: { plugins: [i18n] } });
    const empty = mount(ProgressBars, { props: { rows, total: 0 }, global: { plugins: [i18n] } });

    const texts = w.findAll('[data-testid="progress-row"]').map((r) => r.get(".bar-label").text());
    expect(texts).toEqual(["已完成自评3 / 4", "已完成上级评估1 / 4", "已确认考核结果0 / 4"]);
    expect(w.findAll(".van-progress__portion")[0].attributes("style")).toContain("75%");
    expect(empty.findAll(".van-progress__portion")[0].attributes("style")).toContain("0%");
  });
});
