import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import WeightSum from "../src/components/WeightSum.vue";
import IndicatorSetDraft from "../src/views/IndicatorSetDraft.vue";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import { validateRows, customRow, itemFromRow, rowFromItem } from "../src/draft";

describe("weight-sum indicator", () => {
  it("is OK at exactly 100", () => {
    const w = mount(WeightSum, { props: { weights: ["40", "35", 25] }, global: { plugins: [makeI18n()] } });
    const el = w.get('[data-testid="weight-sum"]');
    expect(el.attributes("data-ok")).toBe("true");
    expect(el.text()).toContain("权重合计 100%");
  });

  it("says how much is missing", async () => {
    const w = mount(WeightSum, { props: { weights: ["40", "30"] }, global: { plugins: [makeI18n()] } });
    expect(w.get('[data-testid="weight-sum"]').attributes("data-ok")).toBe("false");
    expect(w.get('[data-testid="weight-sum-detail"]').text()).toContain("还差 30%");
    await w.setProps({ weights: ["40", "70"] });
    expect(w.get('[data-testid="weight-sum-detail"]').text()).toContain("超出 10%");
  });

  it("ignores blanks and non-numbers", () => {
    const w = mount(WeightSum, { props: { weights: ["", "abc", "50"] }, global: { plugins: [makeI18n("en")] } });
    expect(w.get('[data-testid="weight-sum-total"]').text()).toBe("Weights total 50%");
  });
});

describe("draft rows", () => {
  it("round-trips a percent target typed in points", () => {
    const row = rowFromItem({ name: "转化率", unit: "percent", direction: "higher_better", target: 0.1, weight: 30 });
    expect(row.target).toBe("10");
    row.target = "12.5";
    expect(itemFromRow(row).target).toBe(0.125);
  });

  it("requires weights to total 100", () => {
    const a = { ...customRow(), name: "A", target: "1", weight: "60" };
    const b = { ...customRow(), name: "B", target: "1", weight: "30" };
    expect(validateRows([a, b], (n) => String(n)).weights).toBe("draft.weightMustBe100");
    b.weight = "40";
    expect(validateRows([a, b], (n) => String(n))).toEqual({});
  });
});

describe("indicator-set draft form", () => {
  const library = {
    items: [
      { template_id: "t-conv", name: { "zh-CN": "客户转化率", en: "Conversion" }, unit: "percent", direction: "higher_better", default_weight: 40 },
      { template_id: "t-sales", name: { "zh-CN": "销售额", en: "Sales" }, unit: "cny", direction: "higher_better" },
    ],
  };

  beforeEach(() => {
    vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function mountDraft(extra: Parameters<typeof scriptedFetch>[0] = []) {
    const f = scriptedFetch([
      { path: "/indicators/library", body: library },
      { path: "/org/positions", body: { items: [] } },
      ...extra,
    ]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/sets/new", name: "set-new", component: IndicatorSetDraft }]);
    await router.push("/sets/new?unit=u-sales");
    await router.isReady();
    const w = mount(IndicatorSetDraft, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    return { w, f };
  }

  async function addAll(w: Awaited<ReturnType<typeof mountDraft>>["w"]) {
    await w.get('[data-testid="library-open"]').trigger("click");
    await flushPromises();
    for (const b of w.findAll('[data-testid="library-add"]')) await b.trigger("click");
  }

  it("updates the live sum as weights are typed", async () => {
    const { w } = await mountDraft();
    await addAll(w);
    expect(w.findAll('[data-testid="draft-item"]')).toHaveLength(2);
    // The first template brings its default weight of 40.
    expect(w.get('[data-testid="weight-sum"]').attributes("data-sum")).toBe("40");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("50");
    expect(w.get('[data-testid="weight-sum"]').attributes("data-sum")).toBe("90");
    expect(w.get('[data-testid="weight-sum-detail"]').text()).toContain("还差 10%");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("60");
    expect(w.get('[data-testid="weight-sum"]').attributes("data-ok")).toBe("true");
  });

  it("refuses to submit when weights do not total 100", async () => {
    const { w, f } = await mountDraft();
    await addAll(w);
    await w.get('[data-testid="draft-item-target-0"] input').setValue("10");
    await w.get('[data-testid="draft-item-target-1"] input').setValue("1000000");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("50");
    await w.get('[data-testid="draft-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="draft-error"]').text()).toBe("权重合计必须为 100%");
    expect(f.calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("keeps what was typed and shows server field errors when saving fails", async () => {
    const { w } = await mountDraft([
      {
        method: "POST",
        path: "/indicators/sets",
        status: 400,
        body: { error: { code: "invalid", message: "invalid", details: [{ field: "items.1.data_source", message: "数据来源必填" }] } },
      },
    ]);
    await addAll(w);
    await w.get('[data-testid="draft-item-target-0"] input').setValue("10");
    await w.get('[data-testid="draft-item-target-1"] input').setValue("1000000");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("60");
    await w.get('[data-testid="draft-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="draft-item-source-1"]').text()).toContain("数据来源必填");
    expect((w.get('[data-testid="draft-item-target-1"] input').element as HTMLInputElement).value).toBe("1000000");
    expect(w.findAll('[data-testid="draft-item"]')).toHaveLength(2);
  });

  it("sends percent targets as fractions", async () => {
    const { w, f } = await mountDraft([
      { method: "POST", path: "/indicators/sets", status: 201, body: { set_id: "s1", state: "draft", period: "2026", items: [], version: 1 } },
      { method: "POST", path: "/indicators/sets/s1/submit", body: { set_id: "s1", state: "in_review", period: "2026", items: [] } },
    ]);
    await addAll(w);
    await w.get('[data-testid="draft-item-target-0"] input').setValue("10");
    await w.get('[data-testid="draft-item-target-1"] input').setValue("1000000");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("60");
    await w.get('[data-testid="draft-form"]').trigger("submit");
    await flushPromises();
    const create = f.calls.find((c) => c.method === "POST" && c.url.endsWith("/indicators/sets"));
    expect(create?.body).toMatchObject({
      unit_id: "u-sales",
      items: [
        { template_id: "t-conv", target: 0.1, weight: 40 },
        { template_id: "t-sales", target: 1000000, weight: 60 },
      ],
    });
    expect(f.calls.some((c) => c.url.endsWith("/indicators/sets/s1/submit"))).toBe(true);
  });
});
