import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import SignUp from "../src/views/SignUp.vue";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";

describe("company sign-up form", () => {
  beforeEach(() => vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" }));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function fill(status: number, body: unknown, agree = true) {
    const f = scriptedFetch([
      { method: "GET", path: "/config", body: { region: "r", user_pool_id: "p", client_id: "c", cognito_endpoint: "e", privacy_policy_version: "2027-01-01" } },
      { method: "POST", path: "/signup", status, body },
    ]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/signup", name: "signup", component: SignUp }]);
    await router.push("/signup");
    const w = mount(SignUp, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await w.get("#signup-company").setValue("融信数科");
    await w.get("#signup-admin-name").setValue("周婷");
    await w.get("#signup-admin-email").setValue("zhouting@example.com");
    await w.get("#signup-password").setValue("Strong-Pass-2026");
    if (agree) await w.get('[data-testid="signup-consent"]').setValue(true);
    await w.get('[data-testid="signup-form"]').trigger("submit");
    await flushPromises();
    return { w, f, router };
  }

  it("shows an already-registered email next to the email field and keeps the form", async () => {
    const { w } = await fill(409, {
      error: {
        code: "conflict",
        message: "该邮箱已注册落地账号",
        details: [{ field: "email", code: "account.email_taken", message: "该邮箱已注册落地账号" }],
      },
    });
    expect(w.get('[data-testid="signup-admin-email"]').text()).toContain("该邮箱已注册落地账号");
    expect((w.get("#signup-company").element as HTMLInputElement).value).toBe("融信数科");
    expect((w.get("#signup-password").element as HTMLInputElement).value).toBe("Strong-Pass-2026");
  });

  it("goes to sign-in with the email filled in after creating the company", async () => {
    const { router, f } = await fill(201, { tenant_id: "t1", admin_email: "zhouting@example.com" });
    const signup = f.calls.find((c) => c.method === "POST")!;
    expect(signup.body).toMatchObject({
      company_name: "融信数科",
      admin_email: "zhouting@example.com",
      locale: "zh-CN",
      privacy_policy_version: "2027-01-01", // the server's current version, from /config
    });
    expect(router.currentRoute.value.name).toBe("signin");
    expect(router.currentRoute.value.query.email).toBe("zhouting@example.com");
  });

  it("checks the password against the pool policy before calling the API", async () => {
    const f = scriptedFetch([]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter([{ path: "/signup", name: "signup", component: SignUp }]);
    await router.push("/signup");
    const w = mount(SignUp, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await w.get("#signup-password").setValue("short");
    await w.get('[data-testid="signup-form"]').trigger("submit");
    expect(w.get('[data-testid="signup-password"]').text()).toContain("密码至少 12 位");
    expect(f.calls).toHaveLength(0);
  });

  it("does not create the company until the privacy policy is agreed to", async () => {
    const { w, f } = await fill(201, { tenant_id: "t1", admin_email: "zhouting@example.com" }, false);
    expect(f.calls.filter((c) => c.method === "POST")).toEqual([]);
    expect(w.get('[data-testid="signup-consent-error"]').text()).toContain("请先阅读并同意隐私政策");
  });
});
