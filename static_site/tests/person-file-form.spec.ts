import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import PersonFileForm from "../src/views/PersonFileForm.vue";
import { session } from "../src/auth/session";
import { checkFileForm, emptyFileForm, fileBody, formFieldOf, idProblem } from "../src/personFile";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";

const HR = { tenant_id: "t", user_id: "u1", person_id: "p1", email: "hr@x.cn", roles: ["hr" as const, "employee" as const] };
const PEOPLE = { items: [{ person_id: "p2", name: "陈敏", unit_id: "u1", status: "active", version: 1 }] };

describe("the file form's own checks", () => {
  it("checks a resident ID number as the API does", () => {
    expect(idProblem("11010519491231002X")).toBe("");
    expect(idProblem("11010519491231002x")).toBe("");
    expect(idProblem("110105194912310021")).toBe("id_check_digit");
    expect(idProblem("1101051949123100")).toBe("id_format");
    expect(idProblem("110105194902300025")).not.toBe("");
  });

  it("builds the PUT body: trimmed, empty fields out, the emergency contact whole or not at all", () => {
    const f = { ...emptyFileForm("2026-12-01"), legal_name: " 陈敏 ", id_number: "11010519491231002x", phone: "", ec_name: "陈明" };
    expect(checkFileForm(f)).toEqual({ ec_relation: "common.required", ec_phone: "common.required" });
    const body = fileBody({ ...f, ec_relation: "父亲", ec_phone: "13900139000", prior_working_years: "3.5", gender: "male" });
    expect(body).toEqual({
      legal_name: "陈敏", id_type: "resident_id", id_number: "11010519491231002X", start_date: "2026-12-01",
      employment_type: "full_time", prior_working_years: 3.5,
      emergency_contact: { name: "陈明", relation: "父亲", phone: "13900139000" },
    });
    // a passport carries no birth date: the form sends the one typed
    const passport = fileBody({ ...f, id_type: "passport", id_number: "E1234567", gender: "female", birth_date: "1990-02-03", ec_name: "" });
    expect([passport.gender, passport.birth_date, passport.emergency_contact]).toEqual(["female", "1990-02-03", undefined]);
    expect([formFieldOf("emergency_contact.phone"), formFieldOf("id_number"), formFieldOf("custom.x")]).toEqual(["ec_phone", "id_number", null]);
  });
});

describe("HR creates a file on the phone", () => {
  beforeEach(() => vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" }));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function open(routes: Parameters<typeof scriptedFetch>[0], locale: "zh-CN" | "en" = "zh-CN") {
    session.setMe(HR);
    const f = scriptedFetch([{ path: "/org/people", body: PEOPLE }, { path: "/org/units", body: { items: [] } }, ...routes]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/people/:personId/file/new", name: "person-file-create", component: PersonFileForm }]);
    await router.push("/people/p2/file/new");
    const w = mount(PersonFileForm, { global: { plugins: [makeI18n(locale), router] }, attachTo: document.body });
    await flushPromises();
    return { w, f, router };
  }

  it("refuses a wrong check digit before sending, in the UI's language", async () => {
    const { w, f } = await open([], "en");
    await w.get("#file-legal-name").setValue("陈敏");
    await w.get("#file-id-number").setValue("110105194912310021");
    await w.get('[data-testid="file-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="file-id_number"]').text()).toContain("check digit is wrong");
    expect(f.calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("sends the file and shows an API error by its code under the field it names", async () => {
    const { w, f } = await open([
      {
        method: "PUT",
        path: "/people/p2/file",
        status: 400,
        body: { error: { code: "invalid", message: "x", details: [
          { field: "id_number", code: "peoplefile.id_mismatch", message: "server words" },
          { field: "emergency_contact.phone", code: "input.string_pattern_mismatch", message: "格式不对" },
        ] } },
      },
    ]);
    await w.get("#file-legal-name").setValue("陈敏");
    await w.get("#file-id-number").setValue("11010519491231002X");
    await w.get("#file-bank-account").setValue("6225880112341234");
    await w.get('[data-testid="file-form"]').trigger("submit");
    await flushPromises();
    const put = f.calls.find((c) => c.method === "PUT");
    expect(put?.body).toMatchObject({ legal_name: "陈敏", id_number: "11010519491231002X", bank_account: "6225880112341234", employment_type: "full_time" });
    expect(w.get('[data-testid="file-id_number"]').text()).toContain("与身份证号中的信息不一致");
    expect(w.get('[data-testid="file-ec_phone"]').text()).toContain("格式不对");
  });
});
