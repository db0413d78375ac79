import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import PersonForm from "../src/views/PersonForm.vue";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";

const ME = { tenant_id: "t", user_id: "u1", person_id: "p1", email: "lx@x.cn", roles: ["admin" as const, "hr" as const] };
const UNITS = {
  items: [
    { unit_id: "root", code: "YF", name: "云帆", parent_id: null, kind: "company", path: ["root"] },
    { unit_id: "sales", code: "SALES", name: "销售部", parent_id: "root", kind: "department", path: ["root", "sales"] },
  ],
};
const FOUNDER = { person_id: "p1", name: "林晓", email: "lx@x.cn", employee_no: "0001", unit_id: "root", version: 1 };
const CHEN = { person_id: "p2", name: "陈敏", email: "cm@x.cn", employee_no: "0002", unit_id: "sales", manager_id: "p1", version: 4 };

function serve(routes: Scripted[]) {
  const f = scriptedFetch([
    ...routes,
    { path: "/org/units", body: UNITS },
    { path: "/org/positions", body: { items: [] } },
    { path: "/org/people", body: { items: [FOUNDER, CHEN] } },
    { path: "/users", body: { items: [{ user_id: "u1", email: "lx@x.cn", person_id: "p1", roles: ["admin", "hr"] }] } },
  ]);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME);
  orgCache.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

async function mountPerson() {
  const router = makeRouter([{ path: "/org/people/:personId", name: "person-edit", component: PersonForm }]);
  await router.push("/org/people/p2");
  const w = mount(PersonForm, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe("person screen", () => {
  it("sends only the changed field with the version read; a 409 keeps what was typed and reload applies it to the latest", async () => {
    // Given HR has 陈敏 open at version 4, with no account yet
    serve([{ path: "/org/people/p2", body: CHEN }]);
    const w = await mountPerson();
    expect(w.find('[data-testid="person-invite"]').exists()).toBe(true);
    // When they change the email and someone else saved first
    await w.get("#person-email").setValue("chenmin@x.cn");
    const stale = serve([
      {
        method: "PATCH",
        path: "/org/people/p2",
        status: 409,
        body: { error: { code: "conflict", message: "记录已被他人修改", details: [{ field: "version", code: "record.stale", message: "记录已被他人修改" }] } },
      },
      { path: "/org/people/p2", body: { ...CHEN, name: "陈敏（销售）", version: 5 } },
    ]);
    await w.get('[data-testid="person-form"]').trigger("submit");
    await flushPromises();
    // Then only the email went, with version 4; the conflict shows and the typed email stays
    expect(stale.calls.find((c) => c.method === "PATCH")?.body).toEqual({ version: 4, email: "chenmin@x.cn" });
    expect(w.find('[data-testid="person-conflict"]').text()).toContain("刚被别人修改");
    expect((w.get("#person-email").element as HTMLInputElement).value).toBe("chenmin@x.cn");
    // And after reload the other's change is shown, the typed email kept, and saving uses version 5
    await w.get('[data-testid="person-reload"]').trigger("click");
    await flushPromises();
    expect((w.get("#person-name").element as HTMLInputElement).value).toBe("陈敏（销售）");
    expect((w.get("#person-email").element as HTMLInputElement).value).toBe("chenmin@x.cn");
    const ok = serve([
      { method: "PATCH", path: "/org/people/p2", body: { ...CHEN, name: "陈敏（销售）", email: "chenmin@x.cn", version: 6 } },
      { path: "/org/people/p2", body: { ...CHEN, version: 5 } },
    ]);
    await w.get('[data-testid="person-form"]').trigger("submit");
    await flushPromises();
    expect(ok.calls.find((c) => c.method === "PATCH")?.body).toEqual({ version: 5, email: "chenmin@x.cn" });
  });

  it("shows the API's field errors on their inputs", async () => {
    serve([{ path: "/org/people/p2", body: CHEN }]);
    const w = await mountPerson();
    await w.get("#person-email").setValue("lx@x.cn");
    serve([
      {
        method: "PATCH",
        path: "/org/people/p2",
        status: 409,
        body: { error: { code: "conflict", message: "邮箱已被使用", details: [{ field: "email", code: "person.email_taken", message: "该邮箱已被其他人使用" }] } },
      },
    ]);
    await w.get('[data-testid="person-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="person-email"]').text()).toContain("该邮箱已被其他人使用");
    expect(w.find('[data-testid="person-conflict"]').exists()).toBe(false);
  });
});

describe("setup checklist", () => {
  const all = (over: Record<string, unknown> = {}) => [
    { path: "/org/units", body: UNITS },
    { path: "/org/positions", body: { items: [{ position_id: "x", code: "REP", title: "客户经理", unit_id: "sales" }] } },
    { path: "/org/people", body: { items: [FOUNDER, CHEN] } },
    { path: "/users", body: { items: [{ user_id: "u1", email: "a", roles: [] }, { user_id: "u2", email: "b", roles: [] }] } },
    { path: "/org/goals", body: { items: over.goals ?? [] } },
    { path: "/org/raci", body: { items: over.raci ?? [] } },
    { path: "/reviews/cycles", body: { items: over.cycles ?? [] } },
  ];

  async function mountChecklist() {
    const { default: SetupChecklist } = await import("../src/components/SetupChecklist.vue");
    const w = mount(SetupChecklist, { global: { plugins: [makeI18n(), makeRouter()] }, attachTo: document.body });
    await flushPromises();
    return w;
  }

  it("shows each step's state from the data and no hide button until all are done", async () => {
    vi.stubGlobal("fetch", scriptedFetch(all()).fetch);
    const w = await mountChecklist();
    expect(w.get('[data-testid="setup-progress"]').text()).toBe("已完成 4/7");
    expect(w.get('[data-step="raci"]').attributes("data-done")).toBe("false");
    expect(w.get('[data-step="goals"]').attributes("data-done")).toBe("false");
    expect(w.find('[data-testid="setup-dismiss"]').exists()).toBe(false);
  });

  it("can be hidden once every step is done, and stays hidden for that company", async () => {
    localStorage.clear();
    vi.stubGlobal("fetch", scriptedFetch(all({ goals: [{ goal_id: "g", period: "2026", level: "company", title: "增长" }], raci: [{ entry_id: "e" }], cycles: [{ cycle_id: "c" }] })).fetch);
    const w = await mountChecklist();
    await w.get('[data-testid="setup-dismiss"]').trigger("click");
    expect(w.find('[data-testid="setup-checklist"]').exists()).toBe(false);
    const again = await mountChecklist();
    expect(again.find('[data-testid="setup-checklist"]').exists()).toBe(false);
  });

  it("is not shown to someone who is neither HR nor admin", async () => {
    session.setMe({ ...ME, roles: ["manager"] });
    const f = scriptedFetch(all());
    vi.stubGlobal("fetch", f.fetch);
    const w = await mountChecklist();
    expect(w.find('[data-testid="setup-checklist"]').exists()).toBe(false);
    expect(f.calls).toEqual([]);
  });
});
