/** Payslip display helpers: exact amounts (decimal strings, never floats) and a line's label. */
import type { PayslipLine } from "./api/payroll";

/** "13177.90" -> "13,177.90" (grouping only: the string is shown to the fen as the server sent it). */
export function money(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole, fen = "00"] = amount.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}.${fen.padEnd(2, "0").slice(0, 2)}`;
}

/** The i18n key of a line's label; allowances carry the company's own name instead. */
export function lineKey(line: PayslipLine): string | null {
  if (line.code.startsWith("allowance_")) return null;
  if (line.code.startsWith("unpaid_leave_")) return "payroll.line.unpaid_leave";
  return `payroll.line.${line.code}`;
}

export const LINE_GROUPS: Array<PayslipLine["kind"]> = ["earning", "deduction", "contribution", "tax", "employer_contribution"];
