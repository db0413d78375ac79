/**
 * Pure logic behind the progress screens (my indicators, the unit and director dashboards, data entry):
 * direction-aware arrows, a team summary with sort/filter/search, full-width digits, the due step,
 * and the words that explain a score. Locale-free where it can be; tested in progress.test.ts.
 */
import type { Direction } from "./format";

export type Tone = "good" | "bad" | "neutral";

export interface Arrow {
  /** ▲ the actual is above the target (or the band), ▼ below, ● on it. */
  symbol: "▲" | "▼" | "●";
  /** Good or bad depends on the direction: above target is bad for a lower-is-better indicator. */
  tone: Tone;
}

/** Where the actual stands against the target, and whether that is good for this direction. */
export function arrowFor(
  actual: number | null | undefined,
  target: number | null | undefined,
  direction: Direction = "higher_is_better",
  band?: { low?: number | null; high?: number | null },
): Arrow | null {
  if (actual == null || !Number.isFinite(actual)) return null;
  if (direction === "target_band") {
    if (band?.low == null || band?.high == null) return null;
    if (actual > band.high) return { symbol: "▲", tone: "bad" };
    if (actual < band.low) return { symbol: "▼", tone: "bad" };
    return { symbol: "●", tone: "good" };
  }
  if (target == null || !Number.isFinite(target)) return null;
  const diff = Math.round((actual - target) * 1e6) / 1e6;
  if (diff === 0) return { symbol: "●", tone: "good" };
  const above = diff > 0;
  const good = direction === "lower_is_better" ? !above : above;
  return { symbol: above ? "▲" : "▼", tone: good ? "good" : "bad" };
}

/** Full-width digits, point, minus and comma typed on a Chinese keyboard ("１２．５") as ASCII ("12.5"). */
export function halfWidthDigits(text: string): string {
  return text
    .replace(/[０-９．－＋，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/。/g, ".")
    .replace(/\u3000/g, " ");
}

export type CardState = "on_track" | "at_risk" | "no_data";

export interface ProgressCard {
  indicator_id?: string;
  name: unknown;
  actual: number | null;
  target: number | null;
  direction: Direction;
  band_low?: number | null;
  band_high?: number | null;
  forecast?: { value?: number | null; at_risk?: boolean } | null;
}

/** A card's state: no actual yet; at risk (the forecast says so, or behind with no forecast); else on track. */
export function cardState(c: ProgressCard): CardState {
  if (c.actual == null) return "no_data";
  if (c.forecast && c.forecast.value != null) return c.forecast.at_risk ? "at_risk" : "on_track";
  const a = arrowFor(c.actual, c.target, c.direction, { low: c.band_low, high: c.band_high });
  return a?.tone === "bad" ? "at_risk" : "on_track";
}

export interface TeamSummary {
  total: number;
  on_track: number;
  at_risk: number;
  no_data: number;
}

export function teamSummary(cards: ProgressCard[]): TeamSummary {
  const s: TeamSummary = { total: cards.length, on_track: 0, at_risk: 0, no_data: 0 };
  for (const c of cards) s[cardState(c)] += 1;
  return s;
}

export type SortKey = "risk" | "gap" | "name";
export type Filter = "all" | CardState;

/** Signed distance to target as a share of the target, in the good direction (negative = behind). */
export function relativeGap(c: ProgressCard): number | null {
  if (c.actual == null || c.target == null || !Number.isFinite(c.target)) return null;
  const base = Math.abs(c.target) || 1;
  const diff = (c.actual - c.target) / base;
  return c.direction === "lower_is_better" ? -diff : diff;
}

const STATE_ORDER: Record<CardState, number> = { at_risk: 0, no_data: 1, on_track: 2 };

/**
 * Filter by state, search by the card's text (indicator and person name, case-insensitive), then sort:
 * risk (at risk first, then no data), gap (furthest behind first) or name. Stable: ties keep the API's order.
 */
export function arrangeCards<T extends ProgressCard>(
  cards: T[],
  opts: { filter?: Filter; query?: string; sort?: SortKey; text?: (c: T) => string },
): T[] {
  const q = (opts.query ?? "").trim().toLowerCase();
  const text = opts.text ?? ((c: T) => String(c.name ?? ""));
  const kept = cards.filter(
    (c) => (!opts.filter || opts.filter === "all" || cardState(c) === opts.filter) && (!q || text(c).toLowerCase().includes(q)),
  );
  const indexed = kept.map((c, i) => ({ c, i }));
  const sort = opts.sort ?? "risk";
  indexed.sort((a, b) => {
    let d = 0;
    if (sort === "risk") d = STATE_ORDER[cardState(a.c)] - STATE_ORDER[cardState(b.c)];
    else if (sort === "gap") d = (relativeGap(a.c) ?? Infinity) - (relativeGap(b.c) ?? Infinity);
    else d = text(a.c).localeCompare(text(b.c), "zh-CN");
    return d || a.i - b.i;
  });
  return indexed.map((x) => x.c);
}

/**
 * The step whose data is due: the step before the current one while any of its measures is still empty
 * (in May, April's figures are what is due), else the current step.
 */
export function dueStep(currentStep: number, missingAt: (step: number) => boolean): number {
  if (currentStep > 1 && missingAt(currentStep - 1)) return currentStep - 1;
  return currentStep;
}

/** A y-axis range that shows both the series and the target line (ECharts cuts a markLine outside it). */
export function axisRange(values: Array<number | null | undefined>, targets: Array<number | null | undefined>): { min: number; max: number } | null {
  const all = [...values, ...targets].filter((v): v is number => v != null && Number.isFinite(v));
  if (!all.length) return null;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  const min = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
  return { min: nice(min, "down"), max: nice(hi + pad, "up") };
}

function nice(v: number, way: "up" | "down"): number {
  if (v === 0) return 0;
  const step = 10 ** Math.floor(Math.log10(Math.abs(v))) / 2;
  return (way === "up" ? Math.ceil(v / step) : Math.floor(v / step)) * step;
}
