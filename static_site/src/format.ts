/**
 * Display formatting shared by every screen. Pure functions, locale passed in, so they are
 * trivially unit-tested and never depend on the browser's own locale or time zone.
 *
 * Conventions (also in README): percentages are fractions (0.08 = 8 %); money is in 元 (CNY);
 * dates are ISO strings; a date-only string ("2026-03-05") is a calendar date, never shifted by time zone.
 */

export type Locale = "zh-CN" | "en";
export type ValueUnit = "percent" | "cny" | "count" | "days" | "score" | string;
export type Direction = "higher_better" | "lower_better";
export type GapStatus = "ahead" | "behind" | "on_target";

const SHANGHAI = "Asia/Shanghai";

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round((value + Number.EPSILON) * f) / f;
}

/** A plain number with grouping and at most `maxDigits` decimals (trailing zeros dropped). */
export function formatNumber(value: number, locale: Locale = "zh-CN", maxDigits = 2): string {
  if (!Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale === "en" ? "en-US" : "zh-CN", {
    maximumFractionDigits: maxDigits,
  }).format(round(value, maxDigits));
}

/** 0.08 -> "8%", 0.085 -> "8.5%", null -> "—". */
export function formatPercent(ratio: number | null | undefined, locale: Locale = "zh-CN", maxDigits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${formatNumber(ratio * 100, locale, maxDigits)}%`;
}

/**
 * Money in 元. zh-CN: below 1 万 "8,500 元", from 1 万 "12.5 万元", from 1 亿 "1.2 亿元".
 * en: "¥8,500", "¥125K", "¥1.2M" (compact above 10,000).
 */
export function formatCNY(amount: number | null | undefined, locale: Locale = "zh-CN"): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "—";
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  if (locale === "en") {
    if (abs < 10_000) return `${sign}¥${formatNumber(abs, "en", 2)}`;
    if (abs < 1_000_000) return `${sign}¥${formatNumber(abs / 1_000, "en", 1)}K`;
    if (abs < 1_000_000_000) return `${sign}¥${formatNumber(abs / 1_000_000, "en", 2)}M`;
    return `${sign}¥${formatNumber(abs / 1_000_000_000, "en", 2)}B`;
  }
  if (abs < 10_000) return `${sign}${formatNumber(abs, "zh-CN", 2)} 元`;
  if (abs < 100_000_000) return `${sign}${formatNumber(abs / 10_000, "zh-CN", 2)} 万元`;
  return `${sign}${formatNumber(abs / 100_000_000, "zh-CN", 2)} 亿元`;
}

/** A value in its indicator unit. */
export function formatValue(value: number | null | undefined, unit: ValueUnit, locale: Locale = "zh-CN"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "percent":
      return formatPercent(value, locale);
    case "cny":
      return formatCNY(value, locale);
    case "days":
      return locale === "en" ? `${formatNumber(value, "en")} days` : `${formatNumber(value, "zh-CN")} 天`;
    case "count":
    case "score":
      return formatNumber(value, locale);
    default:
      return unit ? `${formatNumber(value, locale)} ${unit}` : formatNumber(value, locale);
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "2026-03-05" -> "2026年3月5日" / "Mar 5, 2026". Timestamps are shown in China time
 * (the companies are in China) with `withTime`.
 */
export function formatDate(
  iso: string | null | undefined,
  locale: Locale = "zh-CN",
  opts: { withTime?: boolean; timeZone?: string } = {},
): string {
  if (!iso) return "—";
  const m = DATE_ONLY.exec(iso);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return locale === "en" ? `${MONTHS_EN[mo - 1]} ${d}, ${y}` : `${y}年${mo}月${d}日`;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const timeZone = opts.timeZone ?? SHANGHAI;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const [y, mo, d] = [get("year"), Number(get("month")), get("day")];
  const time = `${get("hour")}:${get("minute")}`;
  const day = locale === "en" ? `${MONTHS_EN[mo - 1]} ${d}, ${y}` : `${y}年${mo}月${d}日`;
  return opts.withTime ? `${day} ${time}` : day;
}

/** "2026-03" -> "2026年3月" / "Mar 2026"; "2026" -> "2026年" / "2026"; "2026-Q1" -> "2026年第1季度" / "Q1 2026". */
export function formatPeriod(period: string | null | undefined, locale: Locale = "zh-CN"): string {
  if (!period) return "—";
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return locale === "en" ? `${MONTHS_EN[Number(m[2]) - 1]} ${m[1]}` : `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-?Q([1-4])$/i.exec(period);
  if (m) return locale === "en" ? `Q${m[2]} ${m[1]}` : `${m[1]}年第${m[2]}季度`;
  m = /^(\d{4})$/.exec(period);
  if (m) return locale === "en" ? m[1] : `${m[1]}年`;
  return period;
}

/** The magnitude of a gap, in the indicator's unit: "2 个百分点" / "2 pp", "12.5 万元", "3". */
export function formatGapAmount(amount: number, unit: ValueUnit, locale: Locale = "zh-CN"): string {
  const abs = Math.abs(amount);
  if (unit === "percent") {
    const pts = formatNumber(abs * 100, locale, 1);
    return locale === "en" ? `${pts} pp` : `${pts} 个百分点`;
  }
  return formatValue(abs, unit, locale);
}

export interface Gap {
  status: GapStatus;
  /** Signed distance in the good direction: negative = behind. In the indicator's unit. */
  delta: number;
  text: string;
}

/**
 * How far actual is from target, and which way is good.
 *   higher_better, 8% vs 10%  -> behind, "差 2 个百分点" / "2 pp short of target"
 *   higher_better, 12% vs 10% -> ahead,  "超出 2 个百分点" / "2 pp above target"
 *   lower_better, 3% vs 2%    -> behind, "高于目标 1 个百分点" / "1 pp over target"
 *   lower_better, 1% vs 2%    -> ahead,  "低于目标 1 个百分点" / "1 pp under target"
 */
export function gap(
  actual: number | null | undefined,
  target: number | null | undefined,
  unit: ValueUnit,
  direction: Direction = "higher_better",
  locale: Locale = "zh-CN",
): Gap | null {
  if (actual === null || actual === undefined || target === null || target === undefined) return null;
  if (!Number.isFinite(actual) || !Number.isFinite(target)) return null;
  const raw = actual - target;
  // Compare at display precision so 0.1 - 0.08 style float noise never flips a status.
  const precision = unit === "percent" ? 4 : 2;
  const diff = round(raw, precision);
  const good = direction === "lower_better" ? -diff : diff;
  if (diff === 0) {
    return { status: "on_target", delta: 0, text: locale === "en" ? "On target" : "已达标" };
  }
  const amount = formatGapAmount(diff, unit, locale);
  const status: GapStatus = good > 0 ? "ahead" : "behind";
  let text: string;
  if (direction === "lower_better") {
    text = diff > 0
      ? locale === "en" ? `${amount} over target` : `高于目标 ${amount}`
      : locale === "en" ? `${amount} under target` : `低于目标 ${amount}`;
  } else {
    text = diff < 0
      ? locale === "en" ? `${amount} short of target` : `差 ${amount}`
      : locale === "en" ? `${amount} above target` : `超出 ${amount}`;
  }
  return { status, delta: good, text };
}

/** "客户转化率 8% / 目标 10%，差 2 个百分点" / "Conversion rate 8% / target 10%, 2 pp short of target". */
export function actualVsTargetText(
  name: string,
  actual: number | null | undefined,
  target: number | null | undefined,
  unit: ValueUnit,
  direction: Direction = "higher_better",
  locale: Locale = "zh-CN",
): string {
  const a = formatValue(actual, unit, locale);
  const t = formatValue(target, unit, locale);
  const g = gap(actual, target, unit, direction, locale);
  if (locale === "en") return `${name} ${a} / target ${t}${g ? `, ${g.text}` : ""}`;
  return `${name} ${a} / 目标 ${t}${g ? `，${g.text}` : ""}`;
}

/** Sum of weights rounded to 2 decimals (weights are whole or .5 percentages; avoid float noise). */
export function sumWeights(weights: Array<number | null | undefined | string>): number {
  const total = weights.reduce<number>((acc, w) => {
    const n = typeof w === "string" ? Number(w) : w ?? 0;
    return acc + (Number.isFinite(n) ? (n as number) : 0);
  }, 0);
  return round(total, 2);
}
