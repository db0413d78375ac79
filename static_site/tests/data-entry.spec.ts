import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import DataEntry from "../src/views/DataEntry.vue";
import { session } from "../src/auth/session";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";
import {
  MAX_ENTRIES,
  applySaved,
  chunk,
  countChanged,
  fieldKey,
  groupDuties,
  initialInputs,
  keyFor,
  measureLabel,
  mergeInputs,
  parseNumber,
  periodChoices,
  placeEntryField,
  planSave,
  previousPoint,
  requestBody,
  stepLabel,
  valueProblem,
  type SentEntry,
} from "../src/dataEntry";
import type { Duties, Duty } from "../src/api/types";

function duty(over: Partial<Duty> = {}): Duty {
  return {
    person_id: "p-wf",
    person_name: "王芳",
    unit_id: "u-sales",
    unit_name: "销售部",
    indicator_id: "i-conv",
    indicator_name: "客户转化率",
    measures: [
      { key: "qualified_leads", name: "有效线索客户数", unit: "count", aggregation: "sum", points: { "4": 100, "5": 120 } },
      { key: "converted_customers", name: "转化客户数", unit: "count", aggregation: "sum", points: { "4": 8 } },
    ],
    ...over,
  };
}
const MAY = { index: 5, start: "2026-05-01" };
const k = (m: string, p = "p-wf", i = "i-conv") => fieldKey(p, i, m);

describe("grouping", () => {
  it("groups by unit then person, in the API's order", () => {
    // Given duties of two people in two units
    const items = [
      duty({ unit_id: "u-ops", unit_name: "运营部", person_id: "p1", person_name: "张三", indicator_id: "a" }),
      duty({ unit_id: "u-ops", unit_name: "运营部", person_id: "p1", person_name: "张三", indicator_id: "b" }),
      duty({ unit_id: "u-sales", unit_name: "销售部", person_id: "p2", person_name: "王芳", indicator_id: "a" }),
    ];
    // When grouped
    const groups = groupDuties(items);
    // Then each unit lists its people with their indicators
    expect(groups.map((g) => [g.unit_name, g.people.map((p) => [p.person_name, p.duties.length])])).toEqual([
      ["运营部", [["张三", 2]]],
      ["销售部", [["王芳", 1]]],
    ]);
  });

  it("keeps two teams of the same name apart", () => {
    const items = [
      duty({ unit_id: "u-east", unit_name: "客户服务组", person_id: "p1" }),
      duty({ unit_id: "u-west", unit_name: "客户服务组", person_id: "p2" }),
    ];
    expect(groupDuties(items).map((g) => g.unit_id)).toEqual(["u-east", "u-west"]);
  });

  it("filters by a person's or an indicator's name", () => {
    const items = [duty({ person_id: "p1", person_name: "张三" }), duty({ person_id: "p2", person_name: "王芳", indicator_name: "Revenue" })];
    expect(groupDuties(items, "王").flatMap((g) => g.people.map((p) => p.person_name))).toEqual(["王芳"]);
    expect(groupDuties(items, "revenue").flatMap((g) => g.people.map((p) => p.person_name))).toEqual(["王芳"]);
    expect(groupDuties(items, "转化率")).toHaveLength(1);
    expect(groupDuties(items, "无此人")).toEqual([]);
  });
});

describe("values of a step", () => {
  it("prefills what was entered for the step and gives the previous step's value", () => {
    const d = duty();
    expect(initialInputs([d], 5)).toEqual({ [k("qualified_leads")]: "120", [k("converted_customers")]: "" });
    expect(previousPoint(d.measures[0], 5)).toBe(100);
    expect(previousPoint(d.measures[0], 1)).toBeNull();
  });

  it("reads numbers as typed, full-width digits and grouping included", () => {
    expect(parseNumber(" 1,234.5 ")).toBe(1234.5);
    expect(parseNumber("１２")).toBe(12);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("12abc")).toBeNaN();
    expect(parseNumber("-3")).toBe(-3);
  });

  it("checks finite numbers, percentages 0–100, counts not below 0, and refuses clearing an entered value", () => {
    expect(valueProblem("abc", "count", null)).toBe("dataEntry.err.notNumber");
    expect(valueProblem("101", "percent", null)).toBe("dataEntry.err.percentRange");
    expect(valueProblem("100", "percent", null)).toBe("");
    expect(valueProblem("-1", "count", null)).toBe("dataEntry.err.negative");
    expect(valueProblem("-1", "ratio", null)).toBe("");
    expect(valueProblem("", "count", 5)).toBe("dataEntry.err.cannotClear");
    expect(valueProblem("", "count", null)).toBe("");
  });
});

describe("saving", () => {
  it("sends only changed values, one entry per person and indicator, dated by the step's first day", () => {
    // Given May's leads unchanged (120) and converted customers typed in
    const inputs = { [k("qualified_leads")]: "120", [k("converted_customers")]: "9" };
    // When the save is planned
    const plan = planSave([duty()], MAY, inputs);
    // Then one entry carries only the changed measure
    expect(plan.errors).toEqual({});
    expect(plan.changed).toBe(1);
    expect(plan.entries.map((e) => e.entry)).toEqual([
      { person_id: "p-wf", indicator_id: "i-conv", as_of: "2026-05-01", values: { converted_customers: 9 } },
    ]);
    expect(countChanged([duty()], 5, inputs)).toBe(1);
    expect(requestBody("2026", plan.entries)).toEqual({ period: "2026", entries: [plan.entries[0].entry], source: "manual" });
  });

  it("sends nothing when a value is the same number written differently", () => {
    const plan = planSave([duty()], MAY, { [k("qualified_leads")]: "120.0", [k("converted_customers")]: "" });
    expect(plan.entries).toEqual([]);
  });

  it("reports invalid inputs by field and sends nothing for them", () => {
    const plan = planSave([duty()], MAY, { [k("qualified_leads")]: "-5", [k("converted_customers")]: "x" });
    expect(plan.errors).toEqual({ [k("qualified_leads")]: "dataEntry.err.negative", [k("converted_customers")]: "dataEntry.err.notNumber" });
    expect(plan.entries).toEqual([]);
  });

  it("sends at most 20 entries per request, in order", () => {
    const sent = Array.from({ length: 45 }, (_, i) => planSave([duty({ person_id: `p${i}` })], MAY, { [k("converted_customers", `p${i}`)]: "1" }).entries[0]);
    const parts = chunk(sent);
    expect(parts.map((p) => p.length)).toEqual([MAX_ENTRIES, MAX_ENTRIES, 5]);
    expect(parts.flat()).toEqual(sent);
  });

  it("keeps a request within one transaction's writes when entries carry many values", () => {
    // 12 values per entry: 26 writes each with its audit record and the person's result
    const values = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i}`, i]));
    const sent = Array.from({ length: 10 }, (_, i) => ({ entry: { person_id: `p${i}`, indicator_id: "i", as_of: "2026-05-01", values }, fields: {} }));
    expect(chunk(sent).map((p) => p.length)).toEqual([3, 3, 3, 1]);
  });

  it("maps the server's entries.N errors back to the input (or the indicator) they came from", () => {
    const sent: SentEntry[] = [
      { entry: { person_id: "a", indicator_id: "x", as_of: "2026-05-01", values: { leads: 1 } }, fields: { leads: "a|x|leads" } },
      { entry: { person_id: "b", indicator_id: "y", as_of: "2026-05-01", values: { leads: 2 } }, fields: { leads: "b|y|leads" } },
    ];
    expect(placeEntryField("entries.1.values.leads", sent)).toBe("b|y|leads");
    expect(placeEntryField("entries.0.person_id", sent)).toBe("a|x");
    expect(placeEntryField("entries.0.as_of", sent)).toBe("a|x");
    expect(placeEntryField("entries", sent)).toBeNull();
    expect(placeEntryField("entries.7.values.leads", sent)).toBeNull();
    expect(placeEntryField("period", sent)).toBeNull();
  });

  it("reuses the Idempotency-Key only for the very same request body", () => {
    const body = requestBody("2026", planSave([duty()], MAY, { [k("converted_customers")]: "9" }).entries);
    const memory = new Map([[JSON.stringify(body), "k-1"]]);
    let n = 0;
    const make = () => `new-${++n}`;
    expect(keyFor(body, memory, make)).toBe("k-1");
    expect(keyFor({ ...body, period: "2025" }, memory, make)).toBe("new-1");
  });

  it("puts saved values into the points, and fresh data keeps what the user is still typing", () => {
    const d = duty();
    const sent = planSave([d], MAY, { [k("converted_customers")]: "9" }).entries;
    const after = applySaved([d], 5, sent);
    expect(after[0].measures[1].points).toEqual({ "4": 8, "5": 9 });
    expect(after[0].measures[0]).toBe(d.measures[0]);
    // leads was being edited (130), converted customers was saved (9) and someone changed nothing else
    const merged = mergeInputs([d], after, 5, { [k("qualified_leads")]: "130", [k("converted_customers")]: "9" });
    expect(merged).toEqual({ [k("qualified_leads")]: "130", [k("converted_customers")]: "9" });
    const untouched = mergeInputs([d], [duty({ measures: [{ ...d.measures[0], points: { "5": 150 } }, d.measures[1]] })], 5, initialInputs([d], 5));
    expect(untouched[k("qualified_leads")]).toBe("150");
  });
});

describe("labels", () => {
  it("names months and days from the step's first day", () => {
    expect(stepLabel({ index: 3, start: "2026-03-01" }, "month", "zh-CN")).toBe("3月");
    expect(stepLabel({ index: 3, start: "2026-03-01" }, "month", "en")).toBe("Mar");
    expect(stepLabel({ index: 1, start: "2026-04-01" }, "month", "zh-CN")).toBe("4月"); // Q2's first month
    expect(stepLabel({ index: 5, start: "2026-03-05" }, "day", "zh-CN")).toBe("5日");
    expect(stepLabel({ index: 5, start: "2026-03-05" }, "day", "en")).toBe("Mar 5");
  });

  it("labels an input with its measure and unit, and offers this year and last year", () => {
    expect(measureLabel("有效线索客户数", "个", "zh-CN")).toBe("有效线索客户数（个）");
    expect(measureLabel("Qualified leads", "count", "en")).toBe("Qualified leads (count)");
    expect(measureLabel("比率", "", "zh-CN")).toBe("比率");
    expect(periodChoices(2026)).toEqual(["2026", "2025"]);
    expect(periodChoices(2026, "2026-03")).toEqual(["2026-03", "2026", "2025"]);
  });
});

// ---- the screen ----

const ME = { tenant_id: "t", user_id: "u-ops", person_id: "p-ops", email: "ops@x", roles: ["employee" as const] };

function duties(items: Duty[] = [duty()]): Duties {
  return {
    period: "2026",
    step_unit: "month",
    steps: Array.from({ length: 12 }, (_, i) => ({ index: i + 1, start: `2026-${String(i + 1).padStart(2, "0")}-01` })),
    current_step: 5,
    items,
  };
}

function serve(routes: Scripted[]) {
  const f = scriptedFetch(routes);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

async function mountScreen() {
  const router = makeRouter([{ path: "/data", name: "data-entry", component: DataEntry }]);
  await router.push("/data?period=2026");
  const w = mount(DataEntry, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

const input = (w: Awaited<ReturnType<typeof mountScreen>>, key: string) =>
  w.get(`[data-testid="data-measure"][data-measure-key="${key}"] input`);

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("data entry screen", () => {
  it("shows the current month's values with labels and last month's value as a hint", async () => {
    serve([{ path: "/reviews/me/data-duties", body: duties() }]);
    const w = await mountScreen();
    expect((w.get("#data-step").element as HTMLSelectElement).value).toBe("5");
    expect(w.get('[data-testid="data-measure"][data-measure-key="qualified_leads"]').text()).toContain("有效线索客户数（个）");
    expect((input(w, "qualified_leads").element as HTMLInputElement).value).toBe("120");
    expect(w.get('[data-testid="data-measure-previous"]').text()).toBe("上月：100");
  });

  it("says so when there is nothing to enter", async () => {
    serve([{ path: "/reviews/me/data-duties", body: duties([]) }]);
    const w = await mountScreen();
    expect(w.get('[data-testid="data-entry-empty"]').text()).toContain("没有需要你填报的数据");
  });

  it("saves only the changed value with an Idempotency-Key and says how many were saved", async () => {
    const f = serve([
      { path: "/reviews/me/data-duties", body: duties() },
      { method: "POST", path: "/reviews/actuals", body: { period: "2026", written: [{}], unchanged: 0 } },
    ]);
    const w = await mountScreen();
    await input(w, "converted_customers").setValue("9");
    await w.get('[data-testid="data-form"]').trigger("submit");
    await flushPromises();
    const post = f.calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      period: "2026",
      entries: [{ person_id: "p-wf", indicator_id: "i-conv", as_of: "2026-05-01", values: { converted_customers: 9 } }],
      source: "manual",
    });
    expect(post?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f]{32}$/);
    expect(w.get('[data-testid="data-saved"]').text()).toBe("已保存 1 项");
    expect(f.calls.filter((c) => c.url.includes("data-duties"))).toHaveLength(2); // refreshed
  });

  it("keeps what was typed and shows the server's field error next to its input", async () => {
    serve([
      { path: "/reviews/me/data-duties", body: duties() },
      {
        method: "POST",
        path: "/reviews/actuals",
        status: 403,
        body: {
          error: {
            code: "forbidden",
            message: "你不是“客户转化率”中 converted_customers 的数据提供人",
            details: [
              {
                field: "entries.0.values.converted_customers",
                code: "actuals.not_data_owner",
                message: "你不是“客户转化率”中 converted_customers 的数据提供人",
              },
            ],
          },
        },
      },
    ]);
    const w = await mountScreen();
    await input(w, "converted_customers").setValue("9");
    await w.get('[data-testid="data-form"]').trigger("submit");
    await flushPromises();
    expect((input(w, "converted_customers").element as HTMLInputElement).value).toBe("9");
    expect(w.get('[data-testid="data-measure"][data-measure-key="converted_customers"]').text()).toContain("你不是该数据的提供人");
    expect(w.find('[data-testid="data-saved"]').exists()).toBe(false);
  });

  it("checks values before sending anything", async () => {
    const f = serve([{ path: "/reviews/me/data-duties", body: duties() }]);
    const w = await mountScreen();
    await input(w, "qualified_leads").setValue("-3");
    await w.get('[data-testid="data-form"]').trigger("submit");
    await flushPromises();
    expect(f.calls.some((c) => c.method === "POST")).toBe(false);
    expect(w.get('[data-testid="data-measure"][data-measure-key="qualified_leads"]').text()).toContain("不能小于 0");
    expect(w.get('[data-testid="data-save-error"]').text()).toContain("请修改标出的内容");
  });
});
