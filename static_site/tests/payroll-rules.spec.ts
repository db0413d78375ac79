import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import PayrollSettings from "../src/views/PayrollSettings.vue";
import { makeI18n, makeRouter, scriptedFetch } from "./helpers";
import { blankFund, rowErrors, ruleSetBody, settingsBody, settingsForm, withInput } from "../src/payrollRules";
import type { PayrollSettings as Settings } from "../src/api/payroll";

const SETTINGS: Settings = {
  rating_coefficients: { S: "1.500", A: "1.200", C: "0.800" },
  default_coefficient: "1.000",
  late_free_count: 2,
  late_deduction_each: "50.00",
  unpaid_leave_types: ["personal", "sick_unpaid"],
  deduct_absence: true,
  formula_components: [{ code: "full_attendance", name: "全勤奖", formula: "max(0, 300 - late_count * 100)", taxable: true, kind: "earning" }],
  version: 4,
  updated_at: "2026-12-01T00:00:00Z",
};

describe("payroll settings form", () => {
  it("round-trips the settings as read into the PUT body, amounts kept as strings", () => {
    expect(settingsBody(settingsForm(SETTINGS))).toEqual({
      rating_coefficients: { S: "1.500", A: "1.200", C: "0.800" },
      default_coefficient: "1.000",
      late_free_count: 2,
      late_deduction_each: "50.00",
      unpaid_leave_types: ["personal", "sick_unpaid"],
      deduct_absence: true,
      formula_components: SETTINGS.formula_components,
      version: 4,
    });
  });

  it("drops blank rating rows, trims, and splits leave codes on any comma or space", () => {
    const f = settingsForm(SETTINGS);
    f.ratings.push({ rating: "  ", coefficient: "9" }, { rating: " B ", coefficient: " 1 " });
    f.unpaid_leave_types = "personal，marriage_unpaid、 other  x";
    f.late_deduction_each = "";
    f.components[0].formula = "  base_wage * 0.1 ";
    const body = settingsBody(f);
    expect(body.rating_coefficients).toEqual({ S: "1.500", A: "1.200", C: "0.800", B: "1" });
    expect(body.unpaid_leave_types).toEqual(["personal", "marriage_unpaid", "other", "x"]);
    expect(body.late_deduction_each).toBe("0");
    expect(body.formula_components[0].formula).toBe("base_wage * 0.1");
  });

  it("maps the API's field paths onto the rows they name", () => {
    const fields = { "formula_components.1.formula": "公式有误", "formula_components.0.code": "代码格式", version: "x", "funds.0": "整行" };
    expect(rowErrors(fields, "formula_components", 2)).toEqual([{ code: "代码格式" }, { formula: "公式有误" }]);
    expect(rowErrors(fields, "funds", 1)).toEqual([{ _: "整行" }]);
    expect(rowErrors({ "formula_components.5.formula": "越界" }, "formula_components", 2)).toEqual([{}, {}]);
  });

  it("appends a formula input after what is there", () => {
    expect(withInput("", "base_wage")).toBe("base_wage");
    expect(withInput("base_wage * ", "performance_coefficient")).toBe("base_wage * performance_coefficient");
  });
});

describe("city rule set form", () => {
  it("sends an open end as null and trims every figure", () => {
    const fund = { ...blankFund("pension"), employee_rate: " 0.08", employer_rate: "0.16 ", base_floor: "7162", base_ceiling: "35811" };
    expect(ruleSetBody({ city: " 北京 ", valid_from: "2026-07-01", valid_to: "", source: " 北京市人社局通知 ", funds: [fund] })).toEqual({
      city: "北京",
      valid_from: "2026-07-01",
      valid_to: null,
      source: "北京市人社局通知",
      funds: [{ fund: "pension", employee_rate: "0.08", employer_rate: "0.16", base_floor: "7162", base_ceiling: "35811" }],
    });
  });
});

describe("薪酬设置 screen", () => {
  beforeEach(() => vi.stubGlobal("LUODI_CONFIG", { apiBaseUrl: "http://api.test" }));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  async function open(put: { status: number; body: unknown }) {
    const f = scriptedFetch([{ path: "/payroll/settings", body: SETTINGS }, { method: "PUT", path: "/payroll/settings", ...put }]);
    vi.stubGlobal("fetch", f.fetch);
    const router = makeRouter();
    await router.push("/payroll/settings");
    const w = mount(PayrollSettings, { global: { plugins: [makeI18n(), router] }, attachTo: document.body });
    await flushPromises();
    return { w, f };
  }

  it("shows a formula error under that component's formula, and sends the version read", async () => {
    const { w, f } = await open({
      status: 400,
      body: {
        error: {
          code: "formula.invalid",
          message: "公式有误",
          details: [{ field: "formula_components.0.formula", code: "formula.unknown_name", message: "未知的变量：bonus" }],
        },
      },
    });
    await w.get('[data-testid="payroll-settings-form"]').trigger("submit");
    await flushPromises();
    const put = f.calls.find((c) => c.method === "PUT");
    expect((put?.body as { version: number }).version).toBe(4);
    expect(w.get('[data-testid="component-0-formula"]').text()).toContain("未知的变量：bonus");
  });

  it("shows the conflict message on a 409", async () => {
    const { w } = await open({ status: 409, body: { error: { code: "conflict", message: "已被他人修改，请刷新后重试", details: [] } } });
    await w.get('[data-testid="payroll-settings-form"]').trigger("submit");
    await flushPromises();
    expect(w.get('[data-testid="payroll-settings-error"]').text()).toBe("已被他人修改，请刷新后重试");
  });
});
