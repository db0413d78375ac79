/**
 * Pure helpers of the review cycle screens: stage order and progress, a period's dates and default
 * stage deadlines, the rating distribution against the target curve as bars, review status and the
 * body a review form sends. Tested in tests/reviews.spec.ts.
 */
import type { CycleCounts, DistributionRow, ResultRow, ReviewInput, ReviewOut, Stage } from "./api/types";

export const STAGES: Stage[] = ["goal_setting", "in_progress", "self_review", "manager_review", "calibration", "results_published", "closed"];
/** Stages that take a deadline (a closed cycle has none). */
export const DEADLINE_STAGES: Stage[] = STAGES.filter((s) => s !== "closed");

export function nextStage(stage: Stage): Stage | null {
  const i = STAGES.indexOf(stage);
  return i >= 0 && i < STAGES.length - 1 ? STAGES[i + 1] : null;
}

/** Where a stage stands against the cycle's current stage. */
export function stageState(stage: Stage, current: Stage): "done" | "current" | "todo" {
  const a = STAGES.indexOf(stage);
  const b = STAGES.indexOf(current);
  return a < b ? "done" : a === b ? "current" : "todo";
}

/**
 * The progress count that belongs to a stage (what must be done before leaving it), or null for a
 * stage with none (calibration, closed).
 */
export function stageProgress(stage: Stage, c: CycleCounts | null | undefined): { done: number; total: number } | null {
  if (!c) return null;
  const done: Partial<Record<Stage, number>> = {
    goal_setting: c.goals_ready,
    in_progress: c.actuals_complete,
    self_review: c.self_reviews_submitted,
    manager_review: c.manager_reviews_submitted,
    results_published: c.acknowledged,
  };
  const n = done[stage];
  return n === undefined ? null : { done: n, total: c.participants };
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** First and last day of a period ("2026", "2026-H1", "2026-Q2", "2026-03"), or null if it is not one. */
export function periodRange(period: string): { start: string; end: string } | null {
  const p = period.trim();
  let m = /^(\d{4})$/.exec(p);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-H([12])$/.exec(p);
  if (m) return m[2] === "1" ? { start: `${m[1]}-01-01`, end: `${m[1]}-06-30` } : { start: `${m[1]}-07-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (m) {
    const y = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { start: iso(y, first, 1), end: iso(y, first + 2, lastDay(y, first + 2)) };
  }
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { start: iso(y, mo, 1), end: iso(y, mo, lastDay(y, mo)) };
  }
  return null;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Suggested deadlines for a new cycle: goals two weeks into the period, work until its last day, then
 * a week each for self review, manager review, calibration and publication.
 */
export function defaultDeadlines(period: string): Partial<Record<Stage, string>> {
  const r = periodRange(period);
  if (!r) return {};
  return {
    goal_setting: addDays(r.start, 14),
    in_progress: r.end,
    self_review: addDays(r.end, 7),
    manager_review: addDays(r.end, 14),
    calibration: addDays(r.end, 21),
    results_published: addDays(r.end, 28),
  };
}

/** The first stage whose deadline comes before an earlier stage's (the API refuses such a cycle), or null. */
export function deadlineOutOfOrder(deadlines: Partial<Record<Stage, string>>): Stage | null {
  let last = "";
  for (const s of DEADLINE_STAGES) {
    const d = deadlines[s];
    if (!d) continue;
    if (last && d < last) return s;
    last = d;
  }
  return null;
}

/** Whole days from `today` to a deadline (negative once past); null without a deadline. */
export function daysLeft(deadline: string | null | undefined, today: string): number | null {
  if (!deadline) return null;
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function todayIso(now = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export interface Bar {
  label: string;
  count: number;
  target: number | null;
  /** Bar lengths in percent of the longest bar (actual or target) of the chart. */
  countPct: number;
  targetPct: number;
  tone: "over" | "under" | "ok";
}

/** The distribution against the target curve: one pair of bars per rating, scaled to the longest. */
export function distributionBars(rows: DistributionRow[]): Bar[] {
  const longest = Math.max(1, ...rows.map((r) => Math.max(r.count, r.target_count ?? 0)));
  return rows.map((r) => {
    const target = r.target_count ?? null;
    return {
      label: r.label,
      count: r.count,
      target,
      countPct: Math.round((r.count / longest) * 100),
      targetPct: target === null ? 0 : Math.round((target / longest) * 100),
      tone: target === null || r.count === target ? "ok" : r.count > target ? "over" : "under",
    };
  });
}

/** People per rating (the calibrated one when there is one), in the scale's order; unrated last under "". */
export function byRating(rows: ResultRow[], labels: string[]): Array<{ label: string; people: ResultRow[] }> {
  const out = labels.map((label) => ({ label, people: [] as ResultRow[] }));
  const none: ResultRow[] = [];
  for (const r of rows) {
    const rating = r.final_rating ?? r.rating;
    const bucket = out.find((b) => b.label === rating);
    (bucket ? bucket.people : none).push(r);
  }
  for (const b of out) b.people.sort((a, c) => (c.total ?? -1) - (a.total ?? -1));
  return none.length ? [...out, { label: "", people: none }] : out;
}

export type ReviewStatus = "none" | "draft" | "submitted";

export function reviewStatus(review: ReviewOut | null | undefined): ReviewStatus {
  if (!review) return "none";
  return review.submitted_at ? "submitted" : "draft";
}

/** What a review form sends: only non-blank comments, for indicators the person has, trimmed. */
export function reviewBody(
  indicatorIds: string[],
  comments: Record<string, string | undefined>,
  overall: string,
  submit: boolean,
  rating?: string | null,
): ReviewInput {
  const body: ReviewInput = {
    comments: indicatorIds.map((id) => ({ indicator_id: id, comment: (comments[id] ?? "").trim() })).filter((c) => c.comment),
    overall: overall.trim(),
    submit,
  };
  if (rating) body.rating = rating;
  return body;
}

/** Whether a form differs from the review it was loaded from (the unsaved-changes guard). */
export function reviewChanged(saved: ReviewOut | null | undefined, now: ReviewInput): boolean {
  const before = new Map((saved?.comments ?? []).map((c) => [c.indicator_id, c.comment.trim()]));
  const after = new Map(now.comments.map((c) => [c.indicator_id, c.comment]));
  if (before.size !== after.size || [...after].some(([k, v]) => before.get(k) !== v)) return true;
  return (saved?.overall ?? "").trim() !== now.overall || (saved?.rating ?? null) !== (now.rating ?? null);
}
