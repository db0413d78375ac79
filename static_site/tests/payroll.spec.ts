import { describe, expect, it } from "vitest";
import { lineKey, money, sourceKey } from "../src/payroll";
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
    const codes = ["base_wage", "performance_pay", "overtime_workday", "late_deduction", "absence", "adjustment", "attendance_adjustment", "iit",
      "contribution_pension", "employer_housing_fund"];
    for (const code of codes) {
      const key = lineKey({ code } as never)!.split(".").slice(2).join(".");
      expect((zh.payroll.line as Record<string, string>)[key]).toBeTruthy();
      expect((en.payroll.line as Record<string, string>)[key]).toBeTruthy();
    }
    expect(lineKey({ code: "unpaid_leave_personal" } as never)).toBe("payroll.line.unpaid_leave");
    expect(lineKey({ code: "allowance_meal" } as never)).toBeNull();
    expect(lineKey({ code: "formula_full_attendance" } as never)).toBeNull();
    for (const key of ["formula"]) {
      expect((zh.payroll.source as Record<string, string>)[key]).toMatch(/[\u4e00-\u9fff]/);
      expect((en.payroll.source as Record<string, string>)[key]).toBeTruthy();
    }
    expect(zh.payroll.anomaly.formula_failed).toMatch(/[\u4e00-\u9fff]/);
    expect(en.payroll.anomaly.formula_failed).toBeTruthy();
  });
});

describe("payslip feedback and reports", () => {
  it("every feedback status the API answers and every report has a zh-CN and an en label", () => {
    const statuses = ["pending", "confirmed", "questioned", "answered", "question", "answer"];
    for (const key of statuses) {
      expect((zh.payroll.feedback as Record<string, string>)[key]).toBeTruthy();
      expect((en.payroll.feedback as Record<string, string>)[key]).toBeTruthy();
    }
    expect(Object.keys(zh.payroll.report).sort()).toEqual(Object.keys(en.payroll.report).sort());
    expect(zh.payroll.report.iit).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("an attendance correction's payslip line", () => {
  it("names the attendance month it corrects, in both languages", () => {
    const line = { code: "attendance_adjustment", source: { kind: "attendance", ref: "attendance 2026-10 correction 01abc" } };
    expect(sourceKey(line as never)).toEqual({ key: "payroll.source.attendance_fix", values: { month: "2026-10" } });
    expect(sourceKey({ code: "absence", source: { kind: "attendance", ref: "attendance 2026-10" } } as never).key).toBe(
      "payroll.source.attendance",
    );
    expect(zh.payroll.source.attendance_fix).toContain("{month}");
    expect(en.payroll.source.attendance_fix).toContain("{month}");
  });
});
