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
export type FeedbackStatus = "pending" | "confirmed" | "questioned" | "answered";
export interface MyPayslip {
  run_id: string;
  month: string;
  gross: string;
  net: string;
  feedback: FeedbackStatus;
}
export interface PayslipFeedback {
  run_id: string;
  month: string;
  person_id: string;
  name: string;
  status: FeedbackStatus;
  entries: Array<{ kind: "question" | "answer"; text: string; at: string; by_person_id: string }>;
  version: number;
}
export type ReportKind = "iit-declaration" | "contribution-list" | "ledger";
export interface ReportFile {
  filename: string;
  content_base64: string;
  content_type: string;
  rows: number;
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
export interface StructureAllowance {
  code: string;
  name: string;
  amount: string;
  taxable: boolean;
}
/** A person's pay from ``effective_from`` (a 调薪 is a new entry; the newest is the one in force). */
export interface PayStructure {
  person_id: string;
  base_wage: string;
  performance_target: string;
  contribution_base: string;
  city: string;
  allowances: StructureAllowance[];
  basic_rule: string;
  annual_bonus_target: string;
  bonus_taxation: "separate" | "merged";
  effective_from: string;
  event_id: string | null;
  version: number;
}
export type StructureInput = Omit<PayStructure, "person_id">;

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
  feedback: (runId: string) => client.get<PayslipFeedback>(`/payroll/my/payslips/${enc(runId)}/feedback`),
  confirm: (f: PayslipFeedback) =>
    client.post<PayslipFeedback>(`/payroll/my/payslips/${enc(f.run_id)}/confirm`, { version: f.version }),
  ask: (f: PayslipFeedback, text: string) =>
    client.post<PayslipFeedback>(`/payroll/my/payslips/${enc(f.run_id)}/questions`, { text, version: f.version }),
  runFeedback: (runId: string) =>
    client.get<{ items: PayslipFeedback[]; open: number }>(`/payroll/runs/${enc(runId)}/feedback`),
  answer: (f: PayslipFeedback, text: string) =>
    client.post<PayslipFeedback>(`/payroll/runs/${enc(f.run_id)}/feedback/${enc(f.person_id)}/answer`, {
      text,
      version: f.version,
    }),
  /** The person's pay history, newest effective date first (the first is the latest structure). */
  structures: async (personId: string) =>
    (await client.get<{ items: PayStructure[] }>(`/payroll/people/${enc(personId)}/structures`)).items,
  putStructure: (personId: string, body: StructureInput) =>
    client.put<PayStructure>(`/payroll/people/${enc(personId)}/structure`, body),
  report: (runId: string, kind: ReportKind) =>
    client.get<ReportFile>(`/payroll/runs/${enc(runId)}/${kind}`, { format: "xlsx" }),
};

/** A tenant-defined wage line computed by formula (chalicelib.payroll.formulas). */
export interface FormulaComponent {
  code: string;
  name: string;
  formula: string;
  taxable: boolean;
  kind: "earning" | "deduction";
}
/** The company's payroll rules (amounts and coefficients come back as decimal strings). */
export interface PayrollSettings {
  rating_coefficients: Record<string, string>;
  default_coefficient: string;
  late_free_count: number;
  late_deduction_each: string;
  unpaid_leave_types: string[];
  deduct_absence: boolean;
  formula_components: FormulaComponent[];
  version: number;
  updated_at: string;
}
export type SettingsInput = Omit<PayrollSettings, "updated_at">;
export type Fund = "pension" | "medical" | "unemployment" | "injury" | "maternity" | "housing_fund";
export const FUNDS: Fund[] = ["pension", "medical", "unemployment", "injury", "maternity", "housing_fund"];
export interface FundRule {
  fund: Fund;
  employee_rate: string;
  employer_rate: string;
  base_floor: string;
  base_ceiling: string;
  rounding?: string;
}
export interface RuleSetInput {
  city: string;
  valid_from: string;
  valid_to: string | null;
  source: string;
  funds: FundRule[];
}
export interface RuleSet extends RuleSetInput {
  rule_set_id: string;
  created_at: string;
  created_by: string;
  version: number;
}

export const payrollRulesApi = {
  settings: () => client.get<PayrollSettings>("/payroll/settings"),
  putSettings: (body: SettingsInput) => client.put<PayrollSettings>("/payroll/settings", body),
  ruleSets: async () => (await client.get<{ items: RuleSet[] }>("/payroll/rule-sets")).items,
  addRuleSet: (body: RuleSetInput) => client.post<RuleSet>("/payroll/rule-sets", body),
};
