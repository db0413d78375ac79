import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import AttendanceShifts from "../src/views/AttendanceShifts.vue";
import MyAttendance from "../src/views/MyAttendance.vue";
import ClockIn from "../src/views/ClockIn.vue";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";

const ME = { tenant_id: "t", user_id: "u1", person_id: "hr1", email: "hr@x.cn", roles: ["hr" as const] };
const STANDARD = { code: "standard", name: "标准班", start: "09:00", end: "18:00", grace_minutes: 0, built_in: true };
const SIX = { code: "six", name: "单休班", start: "09:00", end: "18:00", grace_minutes: 0, rest_pattern: "single" };
const UNITS = { items: [{ unit_id: "u-tech", code: "TECH", name: "技术部", parent_id: "root", kind: "department" }] };

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME as never);
  orgCache.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

async function mountIt(component: object, path: string, routes: Scripted[]) {
  const f = scriptedFetch(routes);
  vi.stubGlobal("fetch", f.fetch);
  const router = makeRouter([{ path, component }]);
  await router.push(path);
  const w = mount(component, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return { w, f };
}

const shiftRoutes = (post: { status?: number; body: unknown }): Scripted[] => [
  { path: "/attendance/shifts", body: { items: [STANDARD, SIX] } },
  { path: "/attendance/shift-assignments", body: { items: [] } },
  { path: "/org/units", body: UNITS },
  { method: "POST", path: "/attendance/shifts", status: 201, ...post },
];

describe("HR's shift screen", () => {
  it("lists the shifts with their rest pattern and creates a flexible 大小周 shift", async () => {
    const { w, f } = await mountIt(AttendanceShifts, "/attendance/shifts", shiftRoutes({ body: { ...SIX, code: "flex" } }));
    expect(w.get('[data-testid="shift-six"]').text()).toContain("单休");
    expect(w.get('[data-testid="shift-standard"]').text()).toContain("双休");

    await w.get('[data-testid="shift-name"] input').setValue("弹性班");
    await w.get('[data-testid="shift-code"] input').setValue("flex");
    await w.get('[data-testid="shift-kind"]').setValue("flexible");
    await w.get('[data-testid="shift-start"] input').setValue("07:00");
    await w.get('[data-testid="shift-end"] input').setValue("22:00");
    await w.get('[data-testid="shift-pattern"]').setValue("alternating");
    await w.get('[data-testid="shift-anchor"] input').setValue("2026-11-30");
    await w.get('[data-testid="shift-form"]').trigger("submit");
    await flushPromises();

    const post = f.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      code: "flex",
      kind: "flexible",
      start: "07:00",
      end: "22:00",
      core_start: "10:00",
      core_end: "16:00",
      required_minutes: 480,
      rest_pattern: "alternating",
      rest_anchor: "2026-11-30",
    });
    expect(w.text()).not.toMatch(/Flexible|Rest days|Create/);
  });

  it("shows the server's message under the field it names", async () => {
    const refused = {
      status: 400,
      body: {
        error: {
          code: "invalid",
          message: "核心时段应在最早上班和最晚下班之间，且开始早于结束",
          details: [{ field: "core_end", code: "attendance.core_outside_span", message: "核心时段应在最早上班和最晚下班之间" }],
        },
      },
    };
    const { w } = await mountIt(AttendanceShifts, "/attendance/shifts", shiftRoutes(refused));
    await w.get('[data-testid="shift-name"] input').setValue("弹性班");
    await w.get('[data-testid="shift-code"] input').setValue("flex");
    await w.get('[data-testid="shift-kind"]').setValue("flexible");
    await w.get('[data-testid="shift-form"]').trigger("submit");
    await flushPromises();

    expect(w.get('[data-testid="shift-core-end"]').text()).toContain("核心时段应在最早上班和最晚下班之间");
  });
});

describe("assigning a shift", () => {
  it("puts a person on a shift from a date and lists the assignment by name", async () => {
    const people = { items: [{ person_id: "p-eng", name: "刘洋", unit_id: "u-tech", employee_no: "E1", status: "active" }] };
    const made = { target: "person", target_id: "p-eng", shift: "six", valid_from: "2026-12-01" };
    const routes: Scripted[] = [
      ...shiftRoutes({ body: {} }).filter((r) => r.path !== "/attendance/shift-assignments"),
      { path: "/org/people", body: people },
      { method: "PUT", path: "/attendance/shift-assignments", body: made },
      { path: "/attendance/shift-assignments", body: { items: [made] } },
    ];
    const { w, f } = await mountIt(AttendanceShifts, "/attendance/shifts", routes);
    await w.get('[data-testid="assign-kind"]').setValue("person");
    await flushPromises();
    await w.get('[data-testid="assign-person"]').setValue("p-eng");
    await w.get('[data-testid="assign-shift"]').setValue("six");
    await w.get('[data-testid="assign-from"] input').setValue("2026-12-01");
    await w.get('[data-testid="assign-form"]').trigger("submit");
    await flushPromises();

    expect(f.calls.find((c) => c.method === "PUT")?.body).toEqual(made);
    expect(w.get('[data-testid="assign-form"]').text()).toContain("刘洋");
    expect(w.get('[data-testid="assign-form"]').text()).toContain("单休班 · 2026-12-01 起");
  });
});

describe("my month", () => {
  it("shows the days off of my rest pattern and a flexible day's missing minutes", async () => {
    const day = {
      person_id: "hr1", date: "2026-12-03", status: "short_hours", day_kind: "workday", shift_id: "flex",
      late_minutes: 0, early_minutes: 0, short_minutes: 45, check_in: "2026-12-03T09:00:00",
      check_out: "2026-12-03T16:15:00", leave_days: 0, leave_type: null,
    };
    const summary = {
      person_id: "hr1", month: "2026-12", scheduled_days: "27", present_days: "1", late_count: 0, late_minutes: 0,
      early_leave_count: 0, absent_days: "0", leave_days: {}, overtime_hours: {},
    };
    const month = { person_id: "hr1", month: "2026-12", locked: false, days: [day], summary, rest_days: ["2026-12-06", "2026-12-13"] };
    const { w } = await mountIt(MyAttendance, "/attendance/month", [{ path: /\/attendance\/people\/hr1\/month$/, body: month }]);

    expect(w.get('[data-testid="month-rest-days"]').text()).toBe("本月休息日：6、13 日");
    expect(w.get('[data-testid="day-2026-12-03"]').text()).toContain("工时不足 45 分钟");
  });
});

describe("clock-in with a flexible shift", () => {
  it("shows the core hours and the total due beside the span", async () => {
    const flex = {
      code: "flex", name: "弹性班", kind: "flexible", start: "07:00", end: "22:00", grace_minutes: 5,
      core_start: "10:00", core_end: "16:00", required_minutes: 480, rest_pattern: "double",
    };
    const today = { date: "2026-12-08", punches: [], result: null, shift: flex };
    const { w } = await mountIt(ClockIn, "/attendance", [{ path: "/attendance/me/today", body: today }]);

    expect(w.get('[data-testid="clock-shift"]').text()).toBe("今日班次：弹性班（07:00–22:00 · 核心 10:00–16:00 · 满 8 小时）");
  });
});
