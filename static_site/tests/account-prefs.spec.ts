import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import AccountView from "../src/views/AccountView.vue";
import { session } from "../src/auth/session";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import type { Preferences } from "../src/api/types";

const ME = { tenant_id: "t", user_id: "u1", person_id: "p1", email: "w@x.cn", roles: ["employee" as const] };
const PREFS: Preferences = { person_id: "p1", email_digest: true, digest_frequency: "daily", locale: null, bounced: false };

function serve(prefs: Preferences) {
  const f = scriptedFetch([
    { path: "/reminders/preferences", body: prefs },
    { method: "PUT", path: "/reminders/preferences", body: { ...prefs, digest_frequency: "weekly" } },
  ]);
  vi.stubGlobal("fetch", f.fetch);
  return f;
}

beforeEach(() => {
  vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" });
  session.setMe(ME);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

async function mountAccount() {
  const router = makeRouter([{ path: "/account", name: "account", component: AccountView }]);
  await router.push("/account");
  const w = mount(AccountView, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe("notification settings", () => {
  it("saves a weekly digest and shows it chosen", async () => {
    const f = serve(PREFS);
    const w = await mountAccount();
    expect(w.get('[data-testid="account-digest-frequency-daily"]').attributes("aria-checked")).toBe("true");
    await w.get('[data-testid="account-digest-frequency-weekly"]').trigger("click");
    await flushPromises();
    const put = f.calls.find((c) => c.method === "PUT");
    expect(put?.body).toEqual({ digest_frequency: "weekly" });
    expect(w.get('[data-testid="account-digest-frequency-weekly"]').attributes("aria-checked")).toBe("true");
  });

  it("says in-app only when the email digest is off, and hides the frequency", async () => {
    serve({ ...PREFS, email_digest: false });
    const w = await mountAccount();
    expect(w.get('[data-testid="account-email-digest-row"]').text()).toContain("仅站内消息");
    expect(w.find('[data-testid="account-digest-frequency"]').exists()).toBe(false);
  });
});
