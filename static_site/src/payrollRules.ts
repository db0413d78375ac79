/**
 * Form logic of the payroll rule screens (薪酬设置, 社保公积金规则): the editable rows a screen shows,
 * the request body built from them (amounts stay strings, so no float touches money), and the API's
 * field errors mapped back onto the rows.
 */
import type { FormulaComponent, Fund, FundRule, PayrollSettings, RuleSetInput, SettingsInput } from "./api/payroll";

export interface RatingRow {
  rating: string;
  coefficient: string;
}
export interface SettingsForm {
  ratings: RatingRow[];
  default_coefficient: string;
  late_free_count: string;
  late_deduction_each: string;
  unpaid_leave_types: string;
  deduct_absence: boolean;
  components: FormulaComponent[];
  version: number;
}

/** The form of the settings as read (rows in the order the server keeps them). */
export function settingsForm(s: PayrollSettings): SettingsForm {
  return {
    ratings: Object.entries(s.rating_coefficients).map(([rating, coefficient]) => ({ rating, coefficient: String(coefficient) })),
    default_coefficient: String(s.default_coefficient),
    late_free_count: String(s.late_free_count),
    late_deduction_each: String(s.late_deduction_each),
    unpaid_leave_types: s.unpaid_leave_types.join(", "),
    deduct_absence: s.deduct_absence,
    components: s.formula_components.map((c) => ({ ...c })),
    version: s.version,
  };
}

/** The PUT body: blank rating rows dropped, leave codes split on commas (half- or full-width) or spaces. */
export function settingsBody(f: SettingsForm): SettingsInput {
  const ratings: Record<string, string> = {};
  for (const r of f.ratings) if (r.rating.trim()) ratings[r.rating.trim()] = r.coefficient.trim();
  return {
    rating_coefficients: ratings,
    default_coefficient: f.default_coefficient.trim(),
    late_free_count: Number(f.late_free_count || "0"),
    late_deduction_each: f.late_deduction_each.trim() || "0",
    unpaid_leave_types: f.unpaid_leave_types
      .split(/[,，、\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    deduct_absence: f.deduct_absence,
    formula_components: f.components.map((c) => ({ ...c, code: c.code.trim(), name: c.name.trim(), formula: c.formula.trim() })),
    version: f.version,
  };
}

/** Field errors keyed by path ("formula_components.1.formula") split into one map per row. */
export function rowErrors(fields: Record<string, string>, prefix: string, rows: number): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = Array.from({ length: rows }, () => ({}));
  const p = `${prefix}.`;
  for (const [key, message] of Object.entries(fields)) {
    if (!key.startsWith(p)) continue;
    const [index, ...rest] = key.slice(p.length).split(".");
    const i = Number(index);
    if (Number.isInteger(i) && i >= 0 && i < rows) out[i][rest.join(".") || "_"] = message;
  }
  return out;
}

/** A blank fund row: rates are fractions (0.08 = 8%), as the API takes them. */
export function blankFund(fund: Fund): FundRule {
  return { fund, employee_rate: "", employer_rate: "", base_floor: "", base_ceiling: "" };
}

/** The POST body of a city rule set: an open end is null, text trimmed. */
export function ruleSetBody(f: RuleSetInput): RuleSetInput {
  return {
    city: f.city.trim(),
    valid_from: f.valid_from,
    valid_to: f.valid_to ? f.valid_to : null,
    source: f.source.trim(),
    funds: f.funds.map((x) => ({
      fund: x.fund,
      employee_rate: x.employee_rate.trim(),
      employer_rate: x.employer_rate.trim(),
      base_floor: x.base_floor.trim(),
      base_ceiling: x.base_ceiling.trim(),
    })),
  };
}

/** The values a formula can use (chalicelib.payroll.formulas.INPUTS); each has a label under payroll.settings.input. */
export const FORMULA_INPUTS = [
  "base_wage",
  "performance_target",
  "contribution_base",
  "performance_coefficient",
  "late_count",
  "absent_days",
  "present_days",
  "scheduled_days",
  "overtime_hours_workday",
  "overtime_hours_restday",
  "overtime_hours_holiday",
] as const;

/** The formula with a value's name appended (a space between, none at the start). */
export function withInput(formula: string, name: string): string {
  const head = formula.trimEnd();
  return head ? `${head} ${name}` : name;
}
