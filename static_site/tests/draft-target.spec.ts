import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import IndicatorSetDraft from "../src/views/IndicatorSetDraft.vue";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import {
  keepInScope,
  MAX_ASSIGNEES,
  numberFields,
  peopleInScope,
  positionsOfUnit,
  searchPeople,
  targetBody,
  targetField,
  togglePerson,
  unitsInScope,
  validateTarget,
  type DraftTarget,
} from "../src/draft";
import { orgCache } from "../src/orgCache";
import { session } from "../src/auth/session";
import type { Person, Position, Unit } from "../src/api/types";

// 公司 > 技术部 > {后端开发组, 前端开发组}; 公司 > 销售部 (closed team below it)
const units: Unit[] = [
  { unit_id: "co", code: "CO", name: "公司", parent_id: null, path: ["co"], kind: "company" },
  { unit_id: "tech", code: "T", name: "技术部", parent_id: "co", path: ["co", "tech"], kind: "department" },
  { unit_id: "be", code: "BE", name: "后端开发组", parent_id: "tech", path: ["co", "tech", "be"], kind: "team" },
  { unit_id: "fe", code: "FE", name: "前端开发组", parent_id: "tech", path: ["co", "tech", "fe"], kind: "team" },
  { unit_id: "sales", code: "S", name: "销售部", parent_id: "co", path: ["co", "sales"], kind: "department" },
  { unit_id: "old", code: "O", name: "旧团队", parent_id: "tech", path: ["co", "tech", "old"], kind: "team", status: "closed" },
];
const positions: Position[] = [
  { position_id: "be-eng", code: "BE", title: "后端开发工程师", unit_id: "be" },
  { position_id: "tech-arch", code: "AR", title: "架构师", unit_id: "tech" },
  { position_id: "be-lead", code: "BL", title: "后端组长", unit_id: "be", status: "closed" },
];
const people: Person[] = [
  { person_id: "liu", name: "刘洋", unit_id: "be", position_id: "be-eng", employee_no: "E042", email: "liu.yang@example.cn" },
  { person_id: "chen", name: "陈静", unit_id: "fe" },
  { person_id: "zhao", name: "赵磊", unit_id: "tech", position_id: "tech-arch" },
  { person_id: "gone", name: "离职者", unit_id: "be", status: "left" },
  { person_id: "wang", name: "王芳", unit_id: "sales" },
];
const target = (t: Partial<DraftTarget> = {}): DraftTarget => ({ mode: "position", unit_id: "tech", position_id: "", person_ids: [], ...t });

describe("the units a drafter may pick", () => {
  it("are the subtree of the unit they head, in tree order and indented", () => {
    expect(unitsInScope(units, ["tech"], false)).toEqual([
      { unit_id: "tech", name: "技术部", depth: 0 },
      { unit_id: "be", name: "后端开发组", depth: 1 }, // siblings by pinyin: hou < qian
      { unit_id: "fe", name: "前端开发组", depth: 1 },
    ]);
  });

  it("cover every unit they head and skip closed ones", () => {
    const ids = unitsInScope(units, ["be", "sales"], false).map((u) => u.unit_id);
    expect(ids.sort()).toEqual(["be", "sales"]);
  });

  it("are every open unit for HR, admins and executives", () => {
    const picked = unitsInScope(units, [], true);
    expect(picked.map((u) => u.unit_id)).toEqual(["co", "tech", "be", "fe", "sales"]);
    expect(picked[2].depth).toBe(2);
  });

  it("are none for someone who heads nothing", () => {
    expect(unitsInScope(units, [], false)).toEqual([]);
  });
});

describe("positions and people for the chosen unit", () => {
  it("lists the open positions of exactly that unit", () => {
    expect(positionsOfUnit(positions, "be").map((p) => p.position_id)).toEqual(["be-eng"]);
    expect(positionsOfUnit(positions, "tech").map((p) => p.position_id)).toEqual(["tech-arch"]);
  });

  it("offers everyone still employed in the unit and the teams below it", () => {
    expect(peopleInScope(people, units, "tech").map((p) => p.person_id)).toEqual(["chen", "liu", "zhao"]); // 陈, 刘, 赵
    expect(peopleInScope(people, units, "be").map((p) => p.person_id)).toEqual(["liu"]);
    expect(peopleInScope(people, units, "")).toEqual([]);
  });

  it("finds people by name, staff number, email or what describes them, every word matching", () => {
    const scope = peopleInScope(people, units, "tech");
    const describe = (p: Person) => [p.unit_id === "be" ? "后端开发组" : "", p.position_id === "tech-arch" ? "架构师" : ""];
    expect(searchPeople(scope, "刘", describe).map((p) => p.person_id)).toEqual(["liu"]);
    expect(searchPeople(scope, "e042", describe).map((p) => p.person_id)).toEqual(["liu"]);
    expect(searchPeople(scope, "LIU.YANG", describe).map((p) => p.person_id)).toEqual(["liu"]);
    expect(searchPeople(scope, "后端 刘", describe).map((p) => p.person_id)).toEqual(["liu"]);
    expect(searchPeople(scope, "架构师", describe).map((p) => p.person_id)).toEqual(["zhao"]);
    expect(searchPeople(scope, "  ", describe)).toHaveLength(3);
    expect(searchPeople(scope, "nobody")).toEqual([]);
  });

  it("toggles a person in or out, keeping the picking order", () => {
    expect(togglePerson(["a", "b"], "c")).toEqual(["a", "b", "c"]);
    expect(togglePerson(["a", "b", "c"], "b")).toEqual(["a", "c"]);
  });

  it("drops a choice the new unit does not contain", () => {
    const before = target({ unit_id: "be", position_id: "tech-arch", person_ids: ["zhao", "liu"] });
    const kept = keepInScope(before, positionsOfUnit(positions, "be"), peopleInScope(people, units, "be"));
    expect(kept).toEqual({ ...before, position_id: "", person_ids: ["liu"] });
    const same = target({ unit_id: "be", position_id: "be-eng" });
    expect(keepInScope(same, positionsOfUnit(positions, "be"), []).position_id).toBe("be-eng");
  });
});

describe("the set's target", () => {
  it("needs a unit, and a position or at least one person depending on the mode", () => {
    expect(validateTarget(target({ unit_id: "" }))).toEqual({ unit_id: "draft.unitRequired", position_id: "draft.positionRequired" });
    expect(validateTarget(target({ position_id: "tech-arch" }))).toEqual({});
    expect(validateTarget(target({ mode: "people" }))).toEqual({ person_ids: "draft.peopleRequired" });
    expect(validateTarget(target({ mode: "people", person_ids: ["liu"] }))).toEqual({});
    const many = Array.from({ length: MAX_ASSIGNEES + 1 }, (_, i) => `p${i}`);
    expect(validateTarget(target({ mode: "people", person_ids: many }))).toEqual({ person_ids: "draft.tooManyPeople" });
  });

  it("sends a position or a list of people, never both", () => {
    const both = { unit_id: "be", position_id: "be-eng", person_ids: ["liu"] };
    expect(targetBody(target({ ...both, mode: "position" }))).toEqual({ unit_id: "be", position_id: "be-eng", person_ids: [] });
    expect(targetBody(target({ ...both, mode: "people" }))).toEqual({ unit_id: "be", position_id: null, person_ids: ["liu"] });
  });

  it("places the server's errors about people on the people picker", () => {
    expect(targetField("person_ids.3")).toBe("person_ids");
    expect(targetField("unit_id")).toBe("unit_id");
    expect(targetField("indicators.0.weight")).toBeNull();
  });
});

describe("number inputs of a row", () => {
  it("are the target and threshold, or a band's two ends and the threshold", () => {
    expect(numberFields("higher_is_better").map((f) => f.testid)).toEqual(["target", "threshold"]);
    expect(numberFields("target_band").map((f) => f.key)).toEqual(["band_low", "band_high", "threshold"]);
  });
});

describe("the draft form's target pickers", () => {
  beforeEach(() => {
    vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
    orgCache.clear();
    session.state.me = { tenant_id: "t1", user_id: "u1", email: "zhao@example.cn", roles: ["manager", "employee"], managed_unit_ids: ["tech"] };
  });
  afterEach(() => {
    session.state.me = null;
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function mountDraft(extra: Parameters<typeof scriptedFetch>[0] = []) {
    const f = scriptedFetch([
      { path: "/indicators/library", body: { items: [], categories: [] } },
      { path: "/org/positions", body: { items: positions } },
      { path: "/org/people", body: { items: people } },
      { path: "/org/units", body: { items: units } },
      { path: "/org/goals", body: { items: [] } },
      ...extra,
    ]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/sets/new", name: "set-new", component: IndicatorSetDraft }]);
    await router.push("/sets/new");
    await router.isReady();
    const w = mount(IndicatorSetDraft, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    return { w, f };
  }
  const options = (w: Awaited<ReturnType<typeof mountDraft>>["w"], sel: string) =>
    w.get(sel).findAll("option").map((o) => o.text().trim());

  it("offers the head's whole subtree and the positions of the unit picked", async () => {
    const { w } = await mountDraft();
    expect(options(w, "#draft-unit")).toEqual(["选择部门或团队", "技术部", "后端开发组", "前端开发组"]);
    expect(options(w, "#draft-position")).toEqual(["选择岗位", "架构师"]);
    await w.get("#draft-position").setValue("tech-arch");
    await w.get("#draft-unit").setValue("be");
    expect(options(w, "#draft-position")).toEqual(["选择岗位", "后端开发工程师"]);
    expect((w.get("#draft-position").element as HTMLSelectElement).value).toBe("");
  });

  it("picks specific people by search and keeps them through a failed save", async () => {
    const { w, f } = await mountDraft([
      {
        method: "POST",
        path: "/indicators/sets",
        status: 400,
        body: {
          error: {
            code: "invalid",
            message: "此人已离职",
            details: [{ field: "person_ids.1", code: "person.left", message: "此人已离职" }],
          },
        },
      },
    ]);
    await w.get('[data-testid="draft-mode-people"]').setValue(true);
    expect(w.findAll('[data-testid="draft-person-option"]').map((o) => o.attributes("data-person-id"))).toEqual(["chen", "liu", "zhao"]);
    await w.get("#draft-people-search").setValue("后端");
    const shown = w.findAll('[data-testid="draft-person-option"]');
    expect(shown.map((o) => o.attributes("data-person-id"))).toEqual(["liu"]);
    await shown[0].setValue(true);
    await w.get("#draft-people-search").setValue("");
    await w.get('[data-testid="draft-person-option"][data-person-id="zhao"]').setValue(true);
    expect(w.get('[data-testid="draft-people-count"]').text()).toBe("已选 2 人");
    expect(w.findAll('[data-testid="draft-person-chip"]').map((c) => c.attributes("data-person-id"))).toEqual(["liu", "zhao"]);

    await w.get('[data-testid="draft-save"]').trigger("click");
    await flushPromises();
    const create = f.calls.find((c) => c.method === "POST");
    expect(create?.body).toMatchObject({ unit_id: "tech", position_id: null, person_ids: ["liu", "zhao"] });
    expect(w.get('[data-testid="draft-people"]').text()).toContain("此人已离职");
    expect(w.findAll('[data-testid="draft-person-chip"]')).toHaveLength(2);
    expect((w.get('[data-testid="draft-mode-people"]').element as HTMLInputElement).checked).toBe(true);
  });

  it("asks for at least one person before saving in people mode", async () => {
    const { w, f } = await mountDraft();
    await w.get('[data-testid="draft-mode-people"]').setValue(true);
    await w.get('[data-testid="draft-save"]').trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="draft-people"]').text()).toContain("请至少选择一名人员");
    expect(f.calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("removes a picked person from their chip", async () => {
    const { w } = await mountDraft();
    await w.get('[data-testid="draft-mode-people"]').setValue(true);
    await w.get('[data-testid="draft-person-option"][data-person-id="chen"]').setValue(true);
    await w.get('[data-testid="draft-person-chip"] button').trigger("click");
    expect(w.findAll('[data-testid="draft-person-chip"]')).toHaveLength(0);
    expect((w.get('[data-testid="draft-person-option"][data-person-id="chen"]').element as HTMLInputElement).checked).toBe(false);
  });
});

describe("a returned set's compliance findings", () => {
  const returned = {
    set_id: "s1", unit_id: "tech", position_id: "tech-arch", person_ids: [], period: "2026", state: "returned",
    indicators: [], version: 3, comments: [], questions: [], history: [],
    findings: [{
      rule: "weights", severity: "error", indicator_id: null, field: "indicators.weight", code: "finding.weights_total",
      message: { "zh-CN": "权重合计为 90，应为 100", en: "weights add up to 90, not 100" },
    }],
  };

  async function mountReturned(locale: "zh-CN" | "en") {
    const f = scriptedFetch([
      { path: "/indicators/sets/s1", body: returned },
      { path: "/indicators/library", body: { items: [], categories: [] } },
      { path: "/org/positions", body: { items: [] } },
      { path: "/org/people", body: { items: [] } },
      { path: "/org/units", body: { items: [] } },
      { path: "/org/goals", body: { items: [] } },
    ]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/sets/:setId/edit", name: "set-edit", component: IndicatorSetDraft }]);
    await router.push("/sets/s1/edit");
    await router.isReady();
    const w = mount(IndicatorSetDraft, { global: { plugins: [makeI18n(locale), router] }, attachTo: document.body });
    await flushPromises();
    return w;
  }

  it("shows each finding in the UI's language, as the server wrote it in both", async () => {
    expect((await mountReturned("zh-CN")).get('[data-testid="draft-notes"]').text()).toContain("权重合计为 90，应为 100");
    const en = (await mountReturned("en")).get('[data-testid="draft-notes"]').text();
    expect(en).toContain("weights add up to 90, not 100");
    expect(en).not.toContain("权重");
  });
});

describe("live compliance while drafting", () => {
  const owner = { person_id: "zhao", name: "赵磊", unit_id: "tech" };
  const indicator = {
    indicator_id: "i1", name: "缺陷密度", unit: "ratio", direction: "lower_is_better", target: 0.5, threshold: 0.8,
    weight: 100, formula: "defects / kloc", measures: [], data_source: { system: "缺陷管理系统" },
  };
  const draft = {
    set_id: "s2", unit_id: "tech", position_id: "tech-arch", person_ids: [], period: "2026", state: "draft",
    indicators: [indicator], version: 2, comments: [], questions: [], history: [],
    findings: [{
      rule: "data_source", severity: "error", indicator_id: "i1", field: "data_source.owner_person_id",
      code: "finding.no_owner", message: { "zh-CN": "缺陷密度缺少数据责任人", en: "Defect density has no data owner" },
    }],
  };

  beforeEach(() => {
    vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
    orgCache.clear();
    session.state.me = { tenant_id: "t1", user_id: "u1", email: "zhao@example.cn", roles: ["manager", "employee"], managed_unit_ids: ["tech"] };
  });
  afterEach(() => {
    session.state.me = null;
    vi.useRealTimers();
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  it("holds 提交审核 back with the reason, and lets it go once the owner is picked by name", async () => {
    // Given a saved draft whose only indicator has no data owner (a blocking finding)
    const f = scriptedFetch([
      { path: "/indicators/sets/s2", body: draft },
      { path: "/indicators/library", body: { items: [], categories: [] } },
      { path: "/org/positions", body: { items: positions } },
      { path: "/org/people", body: { items: [...people, owner] } },
      { path: "/org/units", body: { items: units } },
      { path: "/org/goals", body: { items: [] } },
    ]);
    // The check answers like the server: the owner finding stays until the list sent names an owner.
    const checks: Array<{ indicators: Array<{ data_source?: { owner_person_id?: string } }> }> = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("/indicators/sets/s2/check")) {
        const body = JSON.parse(String(init?.body));
        checks.push(body);
        const owned = !!body.indicators[0]?.data_source?.owner_person_id;
        const result = { findings: owned ? [] : draft.findings, indicator_ids: ["i1"], blocking: owned ? 0 : 1 };
        return new Response(JSON.stringify(result), { status: 200, headers: { "Content-Type": "application/json" } });
      }
      return f.fetch(input, init);
    });
    const router = makeRouter([{ path: "/sets/:setId/edit", name: "set-edit", component: IndicatorSetDraft }]);
    await router.push("/sets/s2/edit");
    await router.isReady();
    const w = mount(IndicatorSetDraft, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    await vi.waitFor(() => w.get('[data-testid="draft-item"]'));
    // Then submit is disabled and the reason names the indicator
    expect(w.get('[data-testid="draft-submit"]').attributes("disabled")).toBeDefined();
    expect(w.get('[data-testid="draft-blocked"]').text()).toContain("1. 缺陷密度：缺陷密度缺少数据责任人");
    expect(w.get('[data-testid="draft-item-finding"]').attributes("data-severity")).toBe("error");
    // When the drafter finds the owner by name in the picker
    await w.get('[data-testid="draft-item-owner-0-search"]').setValue("赵");
    const option = w.get('[data-testid="draft-item-owner-0-option"]');
    expect(option.text()).toContain("赵磊");
    expect(option.text()).not.toContain("zhao");
    await option.trigger("click");
    // Then the unsaved list is checked (after the typing pause) with the owner's id, and submit is free
    await new Promise((r) => setTimeout(r, 600));
    await flushPromises();
    expect(checks.at(-1)?.indicators[0].data_source?.owner_person_id).toBe("zhao");
    expect(w.find('[data-testid="draft-blocked"]').exists()).toBe(false);
    expect(w.get('[data-testid="draft-submit"]').attributes("disabled")).toBeUndefined();
    expect(w.get('[data-testid="draft-item-owner-0-chosen"]').text()).toContain("赵磊");
  });
});
