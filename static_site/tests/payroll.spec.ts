import { describe, expect, it } from "vitest";
import { lineKey, money } from "../src/payroll";
import zh from "../src/i18n/zh-CN";
import en from "../src/i18n/en";

describe("payslip amounts", () => {
  it("shows the server's decimal string to the fen, grouped, never through a float", () => {
    expect(money("13177.90")).toBe("13,177.90");
    expect(money("-551.72")).toBe("-551.72");
    expect(money("1234567.1")).toBe("1,234,567.10");
    expect(money("2000")).toBe("2,000.00");
  });
});

describe("payslip line labels", () => {
  it("every line code the payroll writes has a zh-CN and an en label; allowances use the company's name", () => {
    const codes = ["base_wage", "performance_pay", "overtime_workday", "late_deduction", "absence", "adjustment", "iit",
      "contribution_pension", "employer_housing_fund"];
    for (const code of codes) {
      const key = lineKey({ code } as never)!.split(".").slice(2).join(".");
      expect((zh.payroll.line as Record<string, string>)[key]).toBeTruthy();
      expect((en.payroll.line as Record<string, string>)[key]).toBeTruthy();
    }
    expect(lineKey({ code: "unpaid_leave_personal" } as never)).toBe("payroll.line.unpaid_leave");
    expect(lineKey({ code: "allowance_meal" } as never)).toBeNull();
  });
});
