import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import WeightSum from "../src/components/WeightSum.vue";
import IndicatorSetDraft from "../src/views/IndicatorSetDraft.vue";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import { customRow, inputFromRow, rowFromIndicator, rowFromTemplate, validateRows } from "../src/draft";
import { orgCache } from "../src/orgCache";
import type { Unit } from "../src/api/types";

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
  it("prefills from a template and sends only what the manager sets", () => {
    const row = rowFromTemplate({
      code: "SALES_CONVERSION_RATE",
      category: "sales",
      name: { "zh-CN": "客户转化率", en: "Conversion" },
      unit: "percent",
      direction: "higher_is_better",
      suggested_target: 8,
      suggested_threshold: 5,
      suggested_data_source: { system: { "zh-CN": "CRM 客户管理系统", en: "CRM" } },
    });
    expect([row.name, row.target, row.threshold, row.system]).toEqual(["客户转化率", "8", "5", "CRM 客户管理系统"]);
    row.weight = "40";
    row.owner_person_id = "p1";
    expect(inputFromRow(row)).toEqual({
      template_code: "SALES_CONVERSION_RATE",
      name: "客户转化率",
      direction: "higher_is_better",
      target: 8,
      threshold: 5,
      weight: 40,
      data_source: { unit_id: null, system: "CRM 客户管理系统", owner_person_id: "p1" },
      goal_id: null,
    });
  });

  it("resolves the template's suggested source unit to the company's unit, its head as the owner", () => {
    const tpl = {
      code: "SALES_CONVERSION_RATE",
      category: "sales",
      name: { "zh-CN": "客户转化率", en: "Conversion" },
      unit: "percent" as const,
      direction: "higher_is_better" as const,
      suggested_data_source: { unit: { "zh-CN": "销售部", en: "Sales" }, system: { "zh-CN": "CRM 客户管理系统", en: "CRM" } },
    };
    const units = [
      { unit_id: "s", code: "S", name: "销售部", kind: "department" as const, head_person_id: "li" },
      { unit_id: "x", code: "X", name: "销售部", kind: "department" as const, status: "closed" as const, head_person_id: "old" },
    ].map((u) => ({ parent_id: null, ...u })) as Unit[];
    const row = rowFromTemplate(tpl, "zh-CN", units);
    expect([row.source_unit_id, row.owner_person_id]).toEqual(["s", "li"]);
    expect(inputFromRow({ ...row, weight: "100" }).data_source).toEqual({ unit_id: "s", system: "CRM 客户管理系统", owner_person_id: "li" });
    // no such unit, or two open units of that name: nothing is guessed
    expect(rowFromTemplate(tpl, "zh-CN", []).owner_person_id).toBe("");
    const twice = [units[0], { ...units[0], unit_id: "t", head_person_id: "wang" }];
    expect(rowFromTemplate(tpl, "zh-CN", twice).source_unit_id).toBe("");
  });

  it("measures a custom indicator directly so it has a formula", () => {
    const row = { ...customRow(), name: "培训场次", target: "12", threshold: "6", weight: "10", unit: "count" };
    const input = inputFromRow(row);
    expect(input.formula).toBe("value");
    expect(input.measures).toEqual([{ key: "value", name: "培训场次", unit: "count" }]);
  });

  it("round-trips an indicator read from the API", () => {
    const row = rowFromIndicator({
      indicator_id: "i1",
      name: "逾期率",
      unit: "percent",
      direction: "lower_is_better",
      target: 2,
      threshold: 3,
      weight: 20,
      template_code: "RISK_DPD30",
      data_source: { system: "风控系统", owner_person_id: "p9" },
    });
    expect(inputFromRow(row)).toMatchObject({ indicator_id: "i1", template_code: "RISK_DPD30", target: 2, threshold: 3, weight: 20 });
    // the supplying unit is kept on save (it used to be dropped)
    const withUnit = rowFromIndicator({
      indicator_id: "i2",
      name: "x",
      unit: "count",
      direction: "higher_is_better",
      weight: 1,
      data_source: { unit_id: "u9", system: "s" },
    });
    expect(inputFromRow(withUnit).data_source?.unit_id).toBe("u9");
  });

  it("requires weights to total 100 and every field the compliance check needs", () => {
    const ok = { system: "CRM", owner_person_id: "p1", threshold: "1", target: "2" };
    const a = { ...customRow(), ...ok, name: "A", weight: "60" };
    const b = { ...customRow(), ...ok, name: "B", weight: "30" };
    expect(validateRows([a, b]).weights).toBe("draft.weightMustBe100");
    b.weight = "40";
    expect(validateRows([a, b])).toEqual({});
    b.owner_person_id = "";
    expect(validateRows([a, b])).toEqual({ "indicators.1.data_source.owner_person_id": "common.required" });
  });
});

describe("indicator-set draft form", () => {
  const library = {
    items: [
      {
        code: "SALES_CONVERSION_RATE",
        category: "sales",
        name: { "zh-CN": "客户转化率", en: "Conversion" },
        unit: "percent",
        direction: "higher_is_better",
        suggested_target: 8,
        suggested_threshold: 5,
        suggested_data_source: { system: { "zh-CN": "CRM 客户管理系统", en: "CRM" } },
      },
      {
        code: "SALES_NEW_VOLUME",
        category: "sales",
        name: { "zh-CN": "新增销售规模", en: "New sales volume" },
        unit: "cny_10k",
        direction: "higher_is_better",
        suggested_threshold: 100,
      },
    ],
    categories: ["sales"],
  };
  const positions = { items: [{ position_id: "pos1", code: "AM", title: "客户经理", unit_id: "u-sales", headcount: 3, job_description: {} }] };
  const people = { items: [{ person_id: "p1", name: "王芳", unit_id: "u-sales" }] };

  beforeEach(() => {
    vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
    orgCache.clear();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function mountDraft(extra: Parameters<typeof scriptedFetch>[0] = []) {
    const f = scriptedFetch([
      { path: "/indicators/library", body: library },
      { path: "/org/positions", body: positions },
      { path: "/org/people", body: people },
      { path: "/org/units", body: { items: [] } },
      { path: "/org/goals", body: { items: [] } },
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

  async function fillValid(w: Awaited<ReturnType<typeof mountDraft>>["w"]) {
    await w.get("#draft-position").setValue("pos1");
    await addAll(w);
    await w.get('[data-testid="draft-item-weight-0"] input').setValue("40");
    await w.get('[data-testid="draft-item-target-1"] input').setValue("5000");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("60");
    await w.get('[data-testid="draft-item-source-1"] input').setValue("理财销售系统");
    // the owner is found by name in the searchable picker (never a list of ids)
    for (const i of [0, 1]) {
      await w.get(`[data-testid="draft-item-owner-${i}-search"]`).setValue(people.items[0].name);
      await w.get(`[data-testid="draft-item-owner-${i}-option"][data-person-id="p1"]`).trigger("click");
    }
  }

  it("updates the live sum as weights are typed", async () => {
    const { w } = await mountDraft();
    await addAll(w);
    expect(w.findAll('[data-testid="draft-item"]')).toHaveLength(2);
    expect(w.get('[data-testid="weight-sum"]').attributes("data-sum")).toBe("0");
    await w.get('[data-testid="draft-item-weight-0"] input').setValue("40");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("50");
    expect(w.get('[data-testid="weight-sum"]').attributes("data-sum")).toBe("90");
    expect(w.get('[data-testid="weight-sum-detail"]').text()).toContain("还差 10%");
    await w.get('[data-testid="draft-item-weight-1"] input').setValue("60");
    expect(w.get('[data-testid="weight-sum"]').attributes("data-ok")).toBe("true");
  });

  it("refuses to submit when weights do not total 100", async () => {
    const { w, f } = await mountDraft();
    await fillValid(w);
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
        body: {
          error: {
            code: "invalid",
            message: "没有这个人（或此人已离职）",
            details: [
              { field: "indicators.1.data_source.owner_person_id", code: "indicator.person_not_found", message: "没有这个人（或此人已离职）" },
            ],
          },
        },
      },
    ]);
    await fillValid(w);
    await w.get('[data-testid="draft-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="draft-item-owner-1"]').text()).toContain("没有这个人（或此人已离职）");
    expect((w.get('[data-testid="draft-item-target-1"] input').element as HTMLInputElement).value).toBe("5000");
    expect(w.findAll('[data-testid="draft-item"]')).toHaveLength(2);
    expect(w.get('[data-testid="draft-error"]').text()).toBe("请修改标出的内容");
  });

  it("creates the set with template codes and then submits it", async () => {
    const created = { set_id: "s1", unit_id: "u-sales", position_id: "pos1", person_ids: ["p1"], period: "2026", state: "draft", indicators: [], version: 1 };
    const { w, f } = await mountDraft([
      { method: "POST", path: "/indicators/sets", status: 201, body: created },
      { method: "POST", path: "/indicators/sets/s1/submit", body: { ...created, state: "in_review", version: 2 } },
    ]);
    await fillValid(w);
    await w.get('[data-testid="draft-form"]').trigger("submit");
    await flushPromises();
    const create = f.calls.find((c) => c.method === "POST" && c.url.endsWith("/indicators/sets"));
    expect(create?.body).toMatchObject({
      unit_id: "u-sales",
      position_id: "pos1",
      indicators: [
        { template_code: "SALES_CONVERSION_RATE", target: 8, threshold: 5, weight: 40, data_source: { system: "CRM 客户管理系统", owner_person_id: "p1" } },
        { template_code: "SALES_NEW_VOLUME", target: 5000, threshold: 100, weight: 60, data_source: { system: "理财销售系统", owner_person_id: "p1" } },
      ],
    });
    const submit = f.calls.find((c) => c.url.endsWith("/indicators/sets/s1/submit"));
    expect(submit?.body).toEqual({ version: 1, comment: "" });
  });

  it("asks for a position before creating a set", async () => {
    const { w, f } = await mountDraft();
    await addAll(w);
    await w.get('[data-testid="draft-save"]').trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="draft-position"]').text()).toContain("请选择岗位");
    // no set created (an earlier test's screen, still mounted, may run its live check meanwhile)
    expect(f.calls.filter((c) => c.method === "POST" && c.url.endsWith("/indicators/sets"))).toHaveLength(0);
  });
});
