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

export type RunStatus = "draft" | "reviewed" | "approved" | "locked";
export interface RunTotals {
  people: number;
  gross: string;
  employee_contributions: string;
  employer_contributions: string;
  tax: string;
  net: string;
  anomalies: number;
}
export interface Run {
  run_id: string;
  month: string;
  status: RunStatus;
  review_cycle_id: string | null;
  year_end_bonus: boolean;
  prepared_by: string;
  totals: RunTotals | null;
  version: number;
}
export interface PayslipRow {
  person_id: string;
  name: string;
  gross: string;
  tax: string;
  net: string;
  anomalies: string[];
}
export interface ComputeResult {
  computed: number;
  skipped: number;
  remaining: number;
  failed: Array<{ person_id: string; code: string; message: string }>;
}

export type Share = "1" | "0.5";
export type Housing = "loan" | "rent_tier_1" | "rent_tier_2" | "rent_tier_3";
export interface Declaration {
  person_id: string;
  children_education: Share[];
  infant_care: Share[];
  elderly_only_child: boolean;
  elderly_sibling_share: string;
  housing: Housing | null;
  continuing_education_degree: boolean;
  certificates: string[];
  monthly_total: string;
  version: number;
}
export type DeclarationInput = Omit<Declaration, "person_id" | "monthly_total" | "elderly_sibling_share"> & {
  elderly_sibling_share: number;
};

const enc = encodeURIComponent;

export const payrollApi = {
  mine: async () => (await client.get<{ items: MyPayslip[] }>("/payroll/my/payslips")).items,
  payslip: (runId: string) => client.get<Payslip>(`/payroll/my/payslips/${enc(runId)}`),
  declaration: (personId: string) => client.get<Declaration>(`/payroll/people/${enc(personId)}/deductions`),
  declare: (personId: string, body: DeclarationInput) =>
    client.put<Declaration>(`/payroll/people/${enc(personId)}/deductions`, body),
  runs: async () => (await client.get<{ items: Run[] }>("/payroll/runs")).items,
  createRun: (month: string) => client.post<Run>("/payroll/runs", { month }),
  compute: (runId: string) => client.post<ComputeResult>(`/payroll/runs/${enc(runId)}/compute`, { limit: 500 }),
  setStatus: (run: Run, status: RunStatus) =>
    client.post<Run>(`/payroll/runs/${enc(run.run_id)}/status`, { status, version: run.version }),
  payslips: async (runId: string) =>
    (await client.get<{ items: PayslipRow[] }>(`/payroll/runs/${enc(runId)}/payslips`, { limit: 200 })).items,
};
