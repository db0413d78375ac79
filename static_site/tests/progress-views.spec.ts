import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import MyIndicators from "../src/views/MyIndicators.vue";
import UnitDashboard from "../src/views/UnitDashboard.vue";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";
import type { MyProgress, UnitDashboard as Board, UnitIndicatorOut } from "../src/api/types";

const SELLER = { tenant_id: "t", user_id: "u-seller", person_id: "p-seller", email: "w@x", roles: ["employee" as const] };
const HEAD = { tenant_id: "t", user_id: "u-head", person_id: "p-head", email: "h@x", roles: ["manager" as const], managed_unit_ids: ["sales"] };
const CYCLE = { cycle_id: "c1", name: "2026 年度考核", period: "2026", stage: "in_progress", elapsed: 11, length: 12, step_unit: "month" as const };

const kpi = (over: Partial<UnitIndicatorOut>): UnitIndicatorOut => ({
  person_id: "p-seller",
  person_name: "王芳",
  indicator_id: "k1",
  name: "客户转化率",
  value_unit: "percent",
  direction: "higher_is_better",
  weight: 100,
  target: 10,
  band_low: null,
  band_high: null,
  actual: 7.92,
  score: 80,
  attainment: 0.79,
  trend: [{ step: 11, start: "2026-11-01", value: 7.92 }],
  forecast: { projected: 8.1, projected_score: 81, at_risk: true, gap: -1.9, message: { "zh-CN": "预计期末 8.0953，差 1.9047" } },
  drivers: [],
  reference_period: null,
  ...over,
});

function serve(routes: Scripted[]) {
  const f = scriptedFetch([
    ...routes,
    { path: "/org/people", body: { items: [] } },
    { path: "/org/units", body: { items: [] } },
    { path: "/org/positions", body: { items: [] } },
  ]);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  orgCache.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("我的指标 (the employee's own progress)", () => {
  const progress: MyProgress = {
    person_id: "p-seller",
    cycle: CYCLE,
    indicators: [kpi({})],
    questions: [
      { set_id: "s1", question_id: "q1", indicator_id: "k1", text: "线索由谁统计？", at: "2026-11-02T01:00:00Z", answer: "以 CRM 标记为准", answered_at: "2026-11-03T01:00:00Z" },
    ],
  };
  const file = {
    person_id: "p-seller", set_id: "s1", period: "2026", revision: 1, unit_id: "sales", indicators: [],
    published_at: "2026-03-01T00:00:00Z", confirmation: "pending", question_ids: ["q1"],
  };

  it("shows her actual against her target from the running cycle, with the answer to her question", async () => {
    // Given a running cycle where her conversion rate is 7.92 % against 10 %, and no published results yet
    session.setMe(SELLER);
    const f = serve([
      { path: "/dashboards/me", body: progress },
      { path: "/reviews/me/history", body: { person_id: "p-seller", items: [], next_cursor: null } },
      { path: "/indicators/me", body: { items: [file], next_cursor: null } },
    ]);
    // When she opens 我的指标 from the notification about set s1
    const router = makeRouter([{ path: "/mine", name: "mine", component: MyIndicators }]);
    await router.push("/mine?set=s1");
    const w = mount(MyIndicators, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    // Then the card shows 7.92% / 目标 10%, the forecast formatted, and no "no actuals"
    expect(f.calls.some((c) => c.url.endsWith("/dashboards/me"))).toBe(true);
    expect(w.get('[data-testid="indicator-actual"]').text()).toBe("7.92%");
    expect(w.get('[data-testid="indicator-target"]').text()).toBe("目标 10%");
    expect(w.get('[data-testid="indicator-forecast"]').text()).toBe("按当前进度预计期末 8.1%");
    expect(w.text()).not.toContain("8.0953");
    expect(w.find('[data-testid="mine-actuals-empty"]').exists()).toBe(false);
    // And her question shows its answer, on the set the notification named (marked) and on the card
    const set = w.get('[data-testid="my-set"][data-set-id="s1"]');
    expect(set.classes()).toContain("focused");
    expect(set.get('[data-testid="my-answer"]').text()).toContain("以 CRM 标记为准");
    expect(w.get('[data-testid="card-questions"]').text()).toContain("以 CRM 标记为准");
  });
});

describe("部门看板 (team summary, filter, search)", () => {
  const board: Board = {
    unit_id: "sales",
    unit_name: "销售部",
    cycle: CYCLE,
    at_risk: 1,
    indicators: [
      kpi({}),
      kpi({ person_id: "p2", person_name: "陈静", indicator_id: "k2", actual: 12, forecast: { projected: 12, projected_score: 100, at_risk: false, gap: 2, message: {} } }),
      kpi({ person_id: "p3", person_name: "刘洋", indicator_id: "k3", name: "不良率", direction: "lower_is_better", target: 2, actual: null, trend: [], forecast: { projected: null, projected_score: null, at_risk: false, gap: null, message: {} } }),
    ],
    team: null,
  };

  it("counts the team and filters the cards by state and by name", async () => {
    session.setMe(HEAD);
    serve([
      { path: "/dashboards/units/sales", body: board },
      { path: "/indicators/sets", body: { items: [], next_cursor: null } },
      { path: "/indicators/rollout", body: { period: "2026", items: [], totals: {}, people: 0 } },
    ]);
    const router = makeRouter([{ path: "/dashboard/unit/:unitId?", name: "unit", component: UnitDashboard }]);
    await router.push("/dashboard/unit/sales");
    const w = mount(UnitDashboard, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    const count = (state: string) => w.get(`[data-testid="team-summary-${state}"] strong`).text();
    expect([count("all"), count("on_track"), count("at_risk"), count("no_data")]).toEqual(["3", "1", "1", "1"]);
    const names = () => w.findAll('[data-testid="indicator-name"]').map((n) => n.text());
    await w.get('[data-testid="team-summary-no_data"]').trigger("click");
    expect(names()).toEqual(["不良率 · 刘洋"]);
    await w.get('[data-testid="team-summary-all"]').trigger("click");
    await w.get('[data-testid="unit-search"]').setValue("陈静");
    expect(names()).toEqual(["客户转化率 · 陈静"]);
  });
});
