import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import EmploymentTabs from "../src/components/EmploymentTabs.vue";
import { session } from "../src/auth/session";
import { orgCache } from "../src/orgCache";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";
import { contractBody, eventBody, isFuture, takesEnd, takesUnit } from "../src/employment";

describe("contract form body", () => {
  it("leaves the end date out of an open-ended contract and empty optional fields out", () => {
    const body = contractBody({ type: "open_ended", start_date: "2026-01-05", end_date: "2028-01-04", probation_end: "",
                                signed_on: "", renews: "", note: " " });
    expect(body).toEqual({ type: "open_ended", start_date: "2026-01-05", signed_on: "2026-01-05" });
  });

  it("sends the end, probation and renewal of a fixed-term contract", () => {
    const body = contractBody({ type: "fixed_term", start_date: "2026-01-05", end_date: "2029-01-04",
                                probation_end: "2026-07-04", signed_on: "2025-12-30", renews: "c1", note: "续签" });
    expect(body).toEqual({ type: "fixed_term", start_date: "2026-01-05", end_date: "2029-01-04",
                           probation_end: "2026-07-04", signed_on: "2025-12-30", renews: "c1", note: "续签" });
    expect(takesEnd("open_ended")).toBe(false);
  });
});

describe("lifecycle event form body", () => {
  it("a departure's last working day is its effective date, with its reason; no unit", () => {
    const body = eventBody({ type: "departure", effective_date: "2026-11-30", unit_id: "u1", reason: "resignation", note: "" });
    expect(body).toEqual({ type: "departure", effective_date: "2026-11-30", reason: "resignation",
                           last_working_day: "2026-11-30" });
  });

  it("a departure may name who takes over the open tasks", () => {
    const body = eventBody({ type: "departure", effective_date: "2026-11-30", unit_id: "", reason: "resignation", hand_over_to: "p7", note: "" });
    expect(body).toMatchObject({ type: "departure", hand_over_to: "p7" });
    expect(eventBody({ type: "transfer", effective_date: "2026-11-30", unit_id: "u2", reason: "other", hand_over_to: "p7", note: "" }))
      .not.toHaveProperty("hand_over_to");
  });

  it("a transfer names the unit; a salary change does not", () => {
    expect(eventBody({ type: "transfer", effective_date: "2026-08-01", unit_id: "u2", reason: "other", note: "" }))
      .toEqual({ type: "transfer", effective_date: "2026-08-01", unit_id: "u2" });
    expect(takesUnit("salary_change")).toBe(false);
    expect(eventBody({ type: "salary_change", effective_date: "2026-08-01", unit_id: "u2", reason: "other", note: "调薪" }))
      .toEqual({ type: "salary_change", effective_date: "2026-08-01", note: "调薪" });
  });

  it("an event after today is scheduled", () => {
    expect(isFuture("2026-12-08", "2026-12-07")).toBe(true);
    expect(isFuture("2026-12-07", "2026-12-07")).toBe(false);
  });
});

describe("contracts tab", () => {
  const UNITS = { items: [{ unit_id: "sales", code: "SALES", name: "销售部", parent_id: "root", kind: "department", path: ["root", "sales"] }] };
  const CONTRACT = { contract_id: "c1", person_id: "p2", type: "fixed_term", start_date: "2023-01-01", end_date: "2025-12-31",
                     probation_end: null, probation_max_months: 6, signed_on: "2022-12-20", renews: "c0",
                     open_ended_right: true, note: "", version: 1 };
  const DEPARTURE = { event_id: "e1", person_id: "p2", type: "departure", effective_date: "2026-11-30", reason: "resignation",
                      status: "applied", open_task_ids: ["t1", "t2"], handed_over_task_ids: ["t1", "t2"], handed_over_to_id: "p7",
                      note: "", created_at: "2026-11-30", version: 2 };

  async function mountTabs(routes: Scripted[], locale: "zh-CN" | "en" = "zh-CN") {
    vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
    session.setMe({ tenant_id: "t", user_id: "u1", person_id: "p1", email: "a@x.cn", roles: ["hr"] });
    orgCache.clear();
    const f = scriptedFetch([
      ...routes,
      { path: "/employment/people/p2/contracts", body: { items: [CONTRACT] } },
      { path: "/employment/people/p2/events", body: { items: [DEPARTURE] } },
      { path: "/org/units", body: UNITS },
      { path: "/org/people", body: { items: [{ person_id: "p7", name: "赵磊", unit_id: "sales", status: "active", version: 1 }] } },
    ]);
    vi.stubGlobal("fetch", f.fetch);
    const w = mount(EmploymentTabs, { props: { personId: "p2" }, global: { plugins: [makeI18n(locale), makeRouter()] },
                                      attachTo: document.body });
    await flushPromises();
    return { w, f };
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  it("lists the contracts with the open-ended right flagged", async () => {
    const { w } = await mountTabs([]);
    expect(w.get('[data-testid="contract-item"]').text()).toContain("固定期限");
    expect(w.get('[data-testid="contract-open-ended-right"]').text()).toBe("可要求签无固定期限合同");
  }, 20_000);

  it("says on a departure whom its open tasks were handed over to", async () => {
    const { w } = await mountTabs([], "en");
    await w.findAll(".van-tab")[1].trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="event-item"]').text()).toContain("2 tasks handed over to 赵磊");
  }, 20_000);

  it("shows a refused probation under its field, in the UI's language", async () => {
    // Given the API refuses the probation end (its message comes in the caller's language)
    const refusal = { error: { code: "invalid", message: "for this contract term probation may last at most 6 months",
                               details: [{ field: "probation_end", code: "employment.probation_too_long",
                                           message: "for this contract term probation may last at most 6 months" }] } };
    const { w, f } = await mountTabs([{ method: "POST", path: "/employment/people/p2/contracts", status: 400, body: refusal }], "en");
    // When HR adds a contract with too long a probation
    await w.get('[data-testid="contract-add"]').trigger("click");
    await w.get('[data-testid="contract-probation"] input').setValue("2026-07-05");
    await w.get('[data-testid="contract-form"]').trigger("submit");
    await flushPromises();
    // Then the request carried it and the message sits under 试用期结束日 (Probation ends)
    expect(f.calls.find((c) => c.method === "POST")?.body).toMatchObject({ probation_end: "2026-07-05" });
    expect(w.get('[data-testid="contract-probation"]').text()).toContain("at most 6 months");
    expect(w.find('[data-testid="contract-error"]').exists()).toBe(false);
  }, 20_000);
});
