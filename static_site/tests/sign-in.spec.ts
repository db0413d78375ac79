import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import SignIn from "../src/views/SignIn.vue";
import { session } from "../src/auth/session";
import { CognitoClient } from "../src/auth/cognito";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";

async function mountSignIn(cognitoFetch?: typeof fetch) {
  const router = makeRouter([
    { path: "/signin", name: "signin", component: SignIn },
    { path: "/forgot-password", name: "forgot-password", component: { template: "<div />" } },
  ]);
  await router.push("/signin");
  await router.isReady();
  if (cognitoFetch) session.useCognito(new CognitoClient({ endpoint: "http://cognito.test/", clientId: "c" }, cognitoFetch));
  const wrapper = mount(SignIn, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  return { wrapper, router };
}

describe("sign-in form", () => {
  beforeEach(() => {
    session.signOut();
    sessionStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("asks for both fields when submitted empty, without calling Cognito", async () => {
    const f = scriptedFetch([]);
    const { wrapper } = await mountSignIn(f.fetch);
    await wrapper.get('[data-testid="signin-form"]').trigger("submit");
    expect(wrapper.text()).toContain("请输入邮箱");
    expect(wrapper.text()).toContain("请输入密码");
    expect(f.calls).toHaveLength(0);
  });

  it("rejects a malformed email", async () => {
    const { wrapper } = await mountSignIn(scriptedFetch([]).fetch);
    await wrapper.get("#signin-email").setValue("not-an-email");
    await wrapper.get("#signin-password").setValue("x");
    await wrapper.get('[data-testid="signin-form"]').trigger("submit");
    expect(wrapper.text()).toContain("邮箱格式不正确");
    expect(wrapper.text()).not.toContain("请输入密码");
  });

  it("clears a field's error as soon as the user types in it", async () => {
    const { wrapper } = await mountSignIn(scriptedFetch([]).fetch);
    await wrapper.get('[data-testid="signin-form"]').trigger("submit");
    await wrapper.get("#signin-email").setValue("a");
    expect(wrapper.text()).not.toContain("请输入邮箱");
    expect(wrapper.text()).toContain("请输入密码");
  });

  it("shows a friendly message for wrong credentials and keeps the email", async () => {
    const cognito = (async () =>
      new Response(JSON.stringify({ __type: "NotAuthorizedException", message: "Incorrect username or password." }), {
        status: 400,
      })) as unknown as typeof fetch;
    const { wrapper } = await mountSignIn(cognito);
    await wrapper.get("#signin-email").setValue("hr@example.cn");
    await wrapper.get("#signin-password").setValue("wrong");
    await wrapper.get('[data-testid="signin-form"]').trigger("submit");
    await flushPromises();
    expect(wrapper.get('[data-testid="signin-error"]').text()).toBe("邮箱或密码不正确");
    expect((wrapper.get("#signin-email").element as HTMLInputElement).value).toBe("hr@example.cn");
    expect(session.signedIn).toBe(false);
  });

  it("sends an invited user to set a new password", async () => {
    const cognito = (async () =>
      new Response(JSON.stringify({ ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s1", ChallengeParameters: {} }), {
        status: 200,
      })) as unknown as typeof fetch;
    const { wrapper, router } = await mountSignIn(cognito);
    await wrapper.get("#signin-email").setValue("new@example.cn");
    await wrapper.get("#signin-password").setValue("Temp1234");
    await wrapper.get('[data-testid="signin-form"]').trigger("submit");
    await flushPromises();
    expect(router.currentRoute.value.name).toBe("accept-invite");
    expect(router.currentRoute.value.query.email).toBe("new@example.cn");
    expect(session.state.challenge).toEqual({ username: "new@example.cn", session: "s1" });
  });
});

describe("new password rules", () => {
  it("follow the user pool policy: 12+ characters with upper, lower, digit and symbol", async () => {
    const { validateNewPassword } = await import("../src/validation");
    expect(validateNewPassword({ password: "Short-1a", repeat: "Short-1a" }).password).toBe("invite.tooShort");
    expect(validateNewPassword({ password: "Longenough12", repeat: "Longenough12" }).password).toBe("auth.err.weakPassword");
    expect(validateNewPassword({ password: "Longenough-12", repeat: "Longenough-12" })).toEqual({});
    expect(validateNewPassword({ password: "Longenough-12", repeat: "Longenough-13" }).repeat).toBe("invite.mismatch");
  });
});
