import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import PersonFileView from "../src/views/PersonFileView.vue";
import { session } from "../src/auth/session";
import { makeI18n, makeRouter, scriptedFetch, type Scripted } from "./helpers";

const HR = { tenant_id: "t", user_id: "u1", person_id: "p1", email: "hr@x.cn", roles: ["hr" as const, "employee" as const] };
const CHEN = { tenant_id: "t", user_id: "u2", person_id: "p2", email: "cm@x.cn", roles: ["employee" as const] };
const FILE = {
  person_id: "p2", employee_no: "E0002", legal_name: "陈敏", gender: "female", birth_date: "1949-12-31", id_type: "resident_id",
  id_number: "110105********002X", phone: "13800138000", address: "北京市朝阳区…", bank_account: "**** **** 5678",
  emergency_contact: { name: "陈*", relation: "父亲", phone: "139****9111" }, start_date: "2024-03-01", employment_type: "full_time",
  prior_working_years: 3.5, custom: [{ field_id: "f1", label: { "zh-CN": "工服尺码", en: "Uniform size" }, type: "choice", value: "M" }],
  masked: ["id_number", "address", "bank_account", "emergency_contact"], hidden: [], can_reveal: true, version: 3,
};
const PENDING = { request_id: "r1", person_id: "p2", status: "pending", changes: { phone: "13700137000" }, note: "换号了", created_at: "2026-12-07", version: 1 };

function serve(routes: Scripted[]) {
  const f = scriptedFetch([...routes, { path: "/org/people/p2", body: { person_id: "p2", name: "陈敏" } }]);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

async function open(locale: "zh-CN" | "en" = "zh-CN") {
  const router = makeRouter([{ path: "/people/:personId/file", name: "person-file", component: PersonFileView }]);
  await router.push("/people/p2/file");
  const w = mount(PersonFileView, { global: { plugins: [makeI18n(locale), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" }));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("person's file", () => {
  it("shows masked values, and a reveal replaces one with the full value the API returns", async () => {
    // Given HR opens 陈敏's file
    session.setMe(HR);
    const f = serve([
      { path: "/people/p2/file", body: FILE },
      { path: "/people/p2/file/changes", body: { items: [] } },
      { method: "POST", path: "/people/p2/file/reveal", body: { field: "id_number", value: "11010519491231002X" } },
    ]);
    const w = await open();
    expect(w.get('[data-testid="file-id_number-value"]').text()).toBe("110105********002X");
    expect(w.get('[data-testid="file-gender-value"]').text()).toBe("女");
    expect(w.get('[data-testid="file-custom"]').text()).toContain("工服尺码");
    // When HR reveals the ID number
    await w.get('[data-testid="reveal-id_number"]').trigger("click");
    await flushPromises();
    // Then the API was asked for that field only and the full value shows, without its button
    expect(f.calls.find((c) => c.method === "POST")?.body).toEqual({ field: "id_number" });
    expect(w.get('[data-testid="file-id_number-value"]').text()).toBe("11010519491231002X");
    expect(w.find('[data-testid="reveal-id_number"]').exists()).toBe(false);
    expect(w.find('[data-testid="reveal-address"]').exists()).toBe(true);
  });

  it("lets the person propose a change and shows the API's field error on its input", async () => {
    session.setMe(CHEN);
    serve([
      { path: "/people/p2/file", body: FILE },
      { path: "/people/p2/file/changes", body: { items: [] } },
      {
        method: "POST",
        path: "/people/p2/file/changes",
        status: 400,
        body: { error: { code: "invalid", message: "有 1 处填写有误", details: [{ field: "changes.phone", code: "input.string_pattern_mismatch", message: "格式不对" }] } },
      },
    ]);
    const w = await open();
    expect(w.find('[data-testid="propose-submit"]').exists()).toBe(true);
    await w.get("#propose-phone").setValue("12");
    await w.get('[data-testid="propose-submit"]').trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="propose-phone"]').text()).toContain("格式不对");
  });

  it("lets HR approve a pending request with the version read", async () => {
    session.setMe(HR);
    const f = serve([
      { path: "/people/p2/file", body: FILE },
      { path: "/people/p2/file/changes", body: { items: [PENDING] } },
      { method: "POST", path: "/people/file-changes/r1/approve", body: { ...PENDING, status: "approved", version: 2 } },
    ]);
    const w = await open();
    expect(w.get('[data-testid="file-request"]').text()).toContain("手机号：13700137000");
    await w.get('[data-testid="request-approve"]').trigger("click");
    await flushPromises();
    expect(f.calls.find((c) => c.url.endsWith("/approve"))?.body).toEqual({ version: 1 });
  });

  it("shows a manager only what the API gives, with no reveal, in English", async () => {
    session.setMe({ ...HR, roles: ["manager", "employee"], person_id: "p9" });
    serve([{ path: "/people/p2/file", body: { ...FILE, id_number: null, address: null, bank_account: null, emergency_contact: null,
      hidden: ["id_number", "address", "bank_account", "emergency_contact", "birth_date"], masked: [], can_reveal: false, custom: [] } }]);
    const w = await open("en");
    expect(w.find('[data-testid="file-id_number"]').exists()).toBe(false);
    expect(w.find('[data-testid="file-partial"]').text()).toContain("HR and the person");
    expect(w.findAll('[data-testid^="reveal-"]')).toHaveLength(0);
    expect(w.get('[data-testid="file-employment_type-value"]').text()).toBe("Full-time");
  });

  it("says so when there is no file yet", async () => {
    session.setMe(HR);
    serve([{ path: "/people/p2/file", status: 404, body: { error: { code: "not_found", message: "此人还没有人事档案",
      details: [{ field: "person_id", code: "peoplefile.no_file", message: "此人还没有人事档案" }] } } }]);
    const w = await open();
    expect(w.get('[data-testid="file-none"] p').text()).toBe("此人还没有人事档案");
    // And HR is offered to create it
    expect(w.get('[data-testid="file-create"]').text()).toBe("建立档案");
  });

  it("shows a departed person's file read-only, tagged 已离职, with no proposal form or decisions", async () => {
    session.setMe(CHEN);
    serve([
      { path: "/people/p2/file", body: { ...FILE, status: "left", read_only: true } },
      { path: "/people/p2/file/changes", body: { items: [PENDING] } },
    ]);
    const w = await open();
    expect(w.get('[data-testid="file-left-tag"]').text()).toBe("已离职");
    expect(w.find('[data-testid="propose-submit"]').exists()).toBe(false);
    expect(w.find('[data-testid="request-approve"]').exists()).toBe(false);
  });

  it("lets the person export their data as a JSON file (导出我的数据), masked as the API gives it", async () => {
    // Given 陈敏 on her own file
    session.setMe(CHEN);
    const exported = { exported_at: "2026-12-08T01:00:00.000+00:00", full: false, person: { person_id: "p2", name: "陈敏", employee_no: "E0002", email: null, unit_id: "u", status: "active" }, file: { id_number: "110105********002X" }, custom: [], contracts: [], events: [], history: [], change_requests: [], leave_balances: [] };
    const f = serve([
      { path: "/people/p2/file", body: FILE },
      { path: "/people/p2/file/changes", body: { items: [] } },
      { path: "/people/p2/file/export", body: exported },
    ]);
    const blobs: Blob[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (b: Blob) => (blobs.push(b), "blob:x");
    URL.revokeObjectURL = () => {};
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const w = await open();
    const button = w.get('[data-testid="file-export"]');
    expect(button.text()).toBe("导出我的数据");
    // When she exports
    await button.trigger("click");
    await flushPromises();
    // Then the masked export (no full=true) is asked for and saved as a .json file named by her employee number
    const call = f.calls.find((c) => c.url.includes("/file/export"));
    expect(call?.url).not.toContain("full");
    expect(clicked).toEqual(["E0002-2026-12-08.json"]);
    expect(JSON.parse(await blobs[0].text()).file.id_number).toBe("110105********002X");
    click.mockRestore();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it("lets HR set a legal hold with a reason (required) on a file", async () => {
    // Given HR on 陈敏's file, not held
    session.setMe(HR);
    const f = serve([
      { path: "/people/p2/file", body: FILE },
      { path: "/people/p2/file/changes", body: { items: [] } },
      { path: "/people/p2/legal-hold", body: { person_id: "p2", on_hold: false, reason: null, set_at: null, set_by: null } },
      { method: "PUT", path: "/people/p2/legal-hold", body: { person_id: "p2", on_hold: true, reason: "劳动仲裁未结", set_at: "x", set_by: "u1" } },
    ]);
    const w = await open();
    expect(w.get('[data-testid="hold-state"]').attributes("data-on")).toBe("false");
    // When HR presses the button without a reason, nothing is sent and the reason is asked for
    await w.get('[data-testid="hold-toggle"]').trigger("click");
    expect(w.text()).toContain("请填写原因");
    expect(f.calls.some((c) => c.method === "PUT")).toBe(false);
    // When she gives one, the hold is set with it
    await w.get('[data-testid="hold-reason"] input').setValue("劳动仲裁未结");
    await w.get('[data-testid="hold-toggle"]').trigger("click");
    await flushPromises();
    expect(f.calls.find((c) => c.method === "PUT")?.body).toEqual({ on_hold: true, reason: "劳动仲裁未结" });
  });
});
