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
  // Allowances and formula components are the company's own: their line carries the name HR gave them.
  if (line.code.startsWith("allowance_") || line.code.startsWith("formula_")) return null;
  if (line.code.startsWith("unpaid_leave_")) return "payroll.line.unpaid_leave";
  return `payroll.line.${line.code}`;
}

/** The source text of a line as an i18n key and values: an attendance correction names the month it
 * corrects (its source ref is "attendance 2026-10 correction <id>"); other lines name their kind. */
export function sourceKey(line: PayslipLine): { key: string; values: Record<string, string> } {
  const corrected = line.code === "attendance_adjustment" ? /^attendance (\d{4}-\d{2}) correction /.exec(line.source.ref) : null;
  if (corrected) return { key: "payroll.source.attendance_fix", values: { month: corrected[1] } };
  return { key: `payroll.source.${line.source.kind}`, values: {} };
}

export const LINE_GROUPS: Array<PayslipLine["kind"]> = ["earning", "deduction", "contribution", "tax", "employer_contribution"];

/** Save a file the API returned (base64) through the browser's download. */
export function saveFile(file: { filename: string; content_base64: string; content_type: string }): void {
  const bytes = Uint8Array.from(atob(file.content_base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.content_type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.click();
  URL.revokeObjectURL(url);
}
