/** The payroll API the employee's screens use: my payslips of locked months (amounts are decimal strings). */
import { client } from "./index";

export type LineKind = "earning" | "deduction" | "contribution" | "employer_contribution" | "tax";
export interface PayslipSource {
  kind: string;
  ref: string;
  detail: string;
  as_of: string | null;
}
export interface PayslipLine {
  code: string;
  name: string;
  kind: LineKind;
  amount: string;
  taxable: boolean;
  source: PayslipSource;
}
export interface Payslip {
  run_id: string;
  month: string;
  person_id: string;
  name: string;
  lines: PayslipLine[];
  gross: string;
  employee_contributions: string;
  employer_contributions: string;
  additional_deductions: string;
  tax: string;
  net: string;
  net_in_capitals: string;
  withholding: Record<string, string | number>;
}
export interface MyPayslip {
  run_id: string;
  month: string;
  gross: string;
  net: string;
}

const enc = encodeURIComponent;

export const payrollApi = {
  mine: async () => (await client.get<{ items: MyPayslip[] }>("/payroll/my/payslips")).items,
  payslip: (runId: string) => client.get<Payslip>(`/payroll/my/payslips/${enc(runId)}`),
};
