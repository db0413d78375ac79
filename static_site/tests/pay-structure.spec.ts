import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import PayStructure from "../src/views/PayStructure.vue";
import { session } from "../src/auth/session";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import type { PayStructure as Structure } from "../src/api/payroll";

const ME = { tenant_id: "t", user_id: "u1", person_id: "hr1", email: "hr@x.cn", roles: ["payroll" as const] };
const NOW: Structure = {
  person_id: "p1", base_wage: "13000.00", performance_target: "3000.00", contribution_base: "15000.00", city: "北京",
  allowances: [{ code: "meal", name: "餐补", amount: "500.00", taxable: true }], basic_rule: "months_employed",
  annual_bonus_target: "0.00", bonus_taxation: "separate", effective_from: "2026-07-01", event_id: null, version: 2,
};
const BEFORE: Structure = { ...NOW, base_wage: "12000.00", effective_from: "2026-01-01", version: 1 };
const HISTORY = "/payroll/people/p1/structures";

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME as never);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

async function mountIt(put: { status?: number; body: unknown }) {
  const f = scriptedFetch([
    { path: HISTORY, body: { items: [NOW, BEFORE] } },
    { method: "PUT", path: "/payroll/people/p1/structure", ...put },
  ]);
  vi.stubGlobal("fetch", f.fetch);
  const router = makeRouter([{ path: "/payroll/people/:personId/structure", component: PayStructure }]);
  await router.push("/payroll/people/p1/structure");
  const w = mount(PayStructure, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return { w, f };
}

describe("pay structure screen", () => {
  it("shows the structure in force and its history, and saves a raise keeping the allowances and version", async () => {
    const { w, f } = await mountIt({ body: { ...NOW, base_wage: "14000.00", effective_from: "2026-12-01", version: 3 } });
    expect((w.get('[data-testid="structure-base"] input').element as HTMLInputElement).value).toBe("13000.00");
    const history = w.get('[data-testid="structure-history"]').text();
    expect(history).toContain("2026-07-01 起");
    expect(history).toContain("2026-01-01 起");
    expect(history).toContain("12,000.00");
    expect(w.text()).toContain("餐补 500.00");
    await w.get('[data-testid="structure-base"] input').setValue("14000");
    await w.get('[data-testid="structure-from"]').setValue("2026-12-01");
    await w.get('[data-testid="structure-form"]').trigger("submit");
    await flushPromises();
    const put = f.calls.find((c) => c.method === "PUT");
    expect(put?.body).toMatchObject({ base_wage: "14000", effective_from: "2026-12-01", version: 2, allowances: NOW.allowances });
    expect(f.calls.filter((c) => c.url.endsWith(HISTORY))).toHaveLength(2); // reloaded after the save
  });

  it("shows a backdated date's error under the date field, in Chinese", async () => {
    const refused = {
      status: 400,
      body: { error: { code: "invalid", message: "生效日期不能早于 2026-07-01", details: [
        { field: "effective_from", code: "payroll.structure_backdated", message: "生效日期不能早于 2026-07-01" },
      ] } },
    };
    const { w } = await mountIt(refused);
    await w.get('[data-testid="structure-from"]').setValue("2026-03-01");
    await w.get('[data-testid="structure-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="structure-error"]').text()).toContain("生效日期不能早于");
    expect(w.text()).not.toMatch(/Pay structure|Save/);
  });
});
