/** Pure helpers for the director's rollout dashboard (tested without a browser). */
import type { ComplianceProblem, DirectorDashboard } from "./api/types";

type Translate = (key: string, named: Record<string, unknown>, plural: number) => string;

/** Everyone in scope: the share whose indicators are approved or confirmed (0..1; 1 when nobody is in scope). */
export function overallCompletion(board: DirectorDashboard): { completion: number; people: number } {
  const done = board.totals.approved + board.totals.confirmed;
  return { completion: board.people ? done / board.people : 1, people: board.people };
}

/** "2 个阻断问题 · 1 个员工提问" / "returned to the drafter": what makes a set a compliance problem. */
export function problemText(p: ComplianceProblem, t: Translate): string {
  const parts: string[] = [];
  if (p.blocking_findings) parts.push(t("rollout.findings", { n: p.blocking_findings }, p.blocking_findings));
  if (p.open_questions) parts.push(t("rollout.questions", { n: p.open_questions }, p.open_questions));
  if (p.state === "returned") parts.push(t("rollout.returnedToDrafter", {}, 1));
  return parts.join(" · ");
}
