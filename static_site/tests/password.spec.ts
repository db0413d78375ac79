import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import PasswordField from "../src/components/PasswordField.vue";
import { PASSWORD_POLICY, passwordErrorKey, passwordProblems, validateNewPassword, validateSignup } from "../src/validation";
import { makeI18n } from "./helpers";

describe("the password policy", () => {
  it("accepts a password with 12+ characters, upper, lower, digit and symbol", () => {
    expect(passwordProblems("Luodi-Test-2026")).toEqual([]);
    expect(passwordProblems("Abcdefgh 123")).toEqual([]); // an inner space is one of Cognito's symbols
  });

  it("names every rule a password breaks, in a fixed order", () => {
    expect(passwordProblems("")).toEqual(["length", "lowercase", "uppercase", "number", "symbol"]);
    expect(passwordProblems("Abcdefg-123")).toEqual(["length"]);
    expect(passwordProblems("ABCDEFG-1234")).toEqual(["lowercase"]);
    expect(passwordProblems("abcdefg-1234")).toEqual(["uppercase"]);
    expect(passwordProblems("Abcdefg-hijk")).toEqual(["number"]);
    expect(passwordProblems("Abcdefgh1234")).toEqual(["symbol"]);
  });

  it("counts only Cognito's symbols and basic Latin letters", () => {
    expect(passwordProblems("Abcdefgh1234€")).toEqual(["symbol"]);
    expect(passwordProblems("Abcdefgh1234。")).toEqual(["symbol"]);
    expect(passwordProblems("ÀBCDÉFGH-1234")).toEqual(["lowercase"]);
  });

  it("refuses spaces at the ends and passwords over 128 characters", () => {
    expect(passwordProblems(" Abcdefg-1234")).toEqual(["edges"]);
    expect(passwordProblems("Abcdefgh1234 ")).toEqual(["symbol", "edges"]);
    expect(passwordProblems(`Aa1-${"x".repeat(125)}`)).toEqual(["tooLong"]);
  });

  it("gives one message key per password", () => {
    expect(passwordErrorKey("Luodi-Test-2026")).toBe("");
    expect(passwordErrorKey("Ab-1")).toBe("invite.tooShort");
    expect(passwordErrorKey("Abcdefgh1234")).toBe("auth.err.weakPassword");
    expect(passwordErrorKey(" Abcdefg-1234")).toBe("password.edges");
    expect(passwordErrorKey(`Aa1-${"x".repeat(125)}`)).toBe("password.tooLong");
  });

  it("is the one rule behind both the sign-up and the new-password forms", () => {
    const signup = { company_name: "融信数科", admin_name: "周婷", admin_email: "z@example.com" };
    for (const p of ["Abcdefgh1234", "Ab-1", "Luodi-Test-2026"]) {
      expect(validateSignup({ ...signup, password: p }).password ?? "").toBe(passwordErrorKey(p));
      expect(validateNewPassword({ password: p, repeat: p }).password ?? "").toBe(passwordErrorKey(p));
    }
  });

  it("matches the user pool in infra/auth.yaml", () => {
    const yaml = readFileSync(resolve(__dirname, "../../infra/auth.yaml"), "utf8");
    const block = /PasswordPolicy:\n((?:\s{10}\w+: .+\n)+)/.exec(yaml)?.[1] ?? "";
    const infra = Object.fromEntries([...block.matchAll(/(\w+): (\S+)/g)].map(([, k, v]) => [k, v]));
    expect(infra.MinimumLength).toBe(String(PASSWORD_POLICY.minimumLength));
    expect(infra.RequireLowercase).toBe(String(PASSWORD_POLICY.requireLowercase));
    expect(infra.RequireUppercase).toBe(String(PASSWORD_POLICY.requireUppercase));
    expect(infra.RequireNumbers).toBe(String(PASSWORD_POLICY.requireNumbers));
    expect(infra.RequireSymbols).toBe(String(PASSWORD_POLICY.requireSymbols));
  });
});

describe("the password field", () => {
  function mountField(repeat = false) {
    return mount(PasswordField, {
      props: {
        id: "pw",
        testid: "pw",
        label: "新密码",
        modelValue: "",
        ...(repeat ? { repeatId: "pw-repeat", repeatTestid: "pw-repeat", repeat: "" } : {}),
      },
      global: { plugins: [makeI18n()] },
    });
  }

  it("ticks each rule off as the password meets it", async () => {
    const w = mountField();
    await w.setProps({ modelValue: "abcdefghijkl" });
    const met = (rule: string) => w.get(`[data-rule="${rule}"]`).attributes("data-met");
    expect(met("length")).toBe("true");
    expect(met("lowercase")).toBe("true");
    expect(met("uppercase")).toBe("false");
    expect(met("symbol")).toBe("false");
    expect(w.get('[data-testid="pw-rules"]').text()).toContain("至少 12 位");
  });

  it("shows the typed password on request and hides it again", async () => {
    const w = mountField(true);
    expect(w.get("#pw").attributes("type")).toBe("password");
    await w.get('[data-testid="pw-reveal"]').trigger("click");
    expect(w.get("#pw").attributes("type")).toBe("text");
    expect(w.get("#pw-repeat").attributes("type")).toBe("text");
    expect(w.get('[data-testid="pw-reveal"]').attributes("aria-pressed")).toBe("true");
  });

  it("renders the confirmation only when asked and reports both values", async () => {
    expect(mountField().find("#pw-repeat").exists()).toBe(false);
    const w = mountField(true);
    await w.get("#pw").setValue("Luodi-Test-2026");
    await w.get("#pw-repeat").setValue("Luodi-Test-2025");
    expect(w.emitted("update:modelValue")?.at(-1)).toEqual(["Luodi-Test-2026"]);
    expect(w.emitted("update:repeat")?.at(-1)).toEqual(["Luodi-Test-2025"]);
  });
});
