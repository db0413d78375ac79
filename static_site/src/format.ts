/**
 * Display formatting shared by every screen. Pure functions, locale passed in, so they are
 * trivially unit-tested and never depend on the browser's own locale or time zone.
 *
 * Conventions (the API's, also in README): an indicator value in unit "percent" is in percent
 * points (8 = 8 %, as the formulas multiply by 100); "cny" is 元 and "cny_10k" is 万元; ratios
 * such as attainment are fractions (0.91 = 91 %, shown with formatPercent). Dates are ISO strings;
 * a date-only string ("2026-03-05") is a calendar date, never shifted by time zone.
 */

export type Locale = "zh-CN" | "en";
export type ValueUnit =
  | "percent"
  | "count"
  | "cny"
  | "cny_10k"
  | "days"
  | "hours"
  | "minutes"
  | "ratio"
  | "score"
  | (string & {});
export type Direction = "higher_is_better" | "lower_is_better" | "target_band";
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

/** A value in its indicator unit: percent 8 -> "8%", cny_10k 500 -> "500 万元", days 3 -> "3 天". */
export function formatValue(value: number | null | undefined, unit: ValueUnit, locale: Locale = "zh-CN"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const en = locale === "en";
  switch (unit) {
    case "percent":
      return `${formatNumber(value, locale, 2)}%`;
    case "cny":
      return formatCNY(value, locale);
    case "cny_10k":
      return formatCNY(value * 10_000, locale);
    case "days":
      return en ? `${formatNumber(value, "en")} days` : `${formatNumber(value, "zh-CN")} 天`;
    case "hours":
      return en ? `${formatNumber(value, "en")} h` : `${formatNumber(value, "zh-CN")} 小时`;
    case "minutes":
      return en ? `${formatNumber(value, "en")} min` : `${formatNumber(value, "zh-CN")} 分钟`;
    case "count":
    case "score":
    case "ratio":
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
    const pts = formatNumber(abs, locale, 2);
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
 *   higher_is_better, 8% vs 10%  -> behind, "差 2 个百分点" / "2 pp short of target"
 *   higher_is_better, 12% vs 10% -> ahead,  "超出 2 个百分点" / "2 pp above target"
 *   lower_is_better, 3% vs 2%    -> behind, "高于目标 1 个百分点" / "1 pp over target"
 *   lower_is_better, 1% vs 2%    -> ahead,  "低于目标 1 个百分点" / "1 pp under target"
 *   target_band [low, high]      -> on target inside the band, else behind by the distance to it
 */
export function gap(
  actual: number | null | undefined,
  target: number | null | undefined,
  unit: ValueUnit,
  direction: Direction = "higher_is_better",
  locale: Locale = "zh-CN",
  band?: { low?: number | null; high?: number | null },
): Gap | null {
  if (actual === null || actual === undefined || !Number.isFinite(actual)) return null;
  const en = locale === "en";
  // Compare at display precision so 0.1 + 0.2 style float noise never flips a status.
  const precision = 6;
  if (direction === "target_band" && band && band.low != null && band.high != null) {
    if (actual < band.low) {
      const d = round(band.low - actual, precision);
      const amount = formatGapAmount(d, unit, locale);
      return { status: "behind", delta: -d, text: en ? `${amount} below the band` : `低于目标区间 ${amount}` };
    }
    if (actual > band.high) {
      const d = round(actual - band.high, precision);
      const amount = formatGapAmount(d, unit, locale);
      return { status: "behind", delta: -d, text: en ? `${amount} above the band` : `高于目标区间 ${amount}` };
    }
    return { status: "on_target", delta: 0, text: en ? "Within the target band" : "在目标区间内" };
  }
  if (target === null || target === undefined || !Number.isFinite(target)) return null;
  const diff = round(actual - target, precision);
  const good = direction === "lower_is_better" ? -diff : diff;
  if (diff === 0) return { status: "on_target", delta: 0, text: en ? "On target" : "已达标" };
  const amount = formatGapAmount(diff, unit, locale);
  const status: GapStatus = good > 0 ? "ahead" : "behind";
  let text: string;
  if (direction === "lower_is_better") {
    if (diff > 0) text = en ? `${amount} over target` : `高于目标 ${amount}`;
    else text = en ? `${amount} under target` : `低于目标 ${amount}`;
  } else if (diff < 0) text = en ? `${amount} short of target` : `差 ${amount}`;
  else text = en ? `${amount} above target` : `超出 ${amount}`;
  return { status, delta: good, text };
}

/** "客户转化率 8% / 目标 10%，差 2 个百分点" / "Conversion rate 8% / target 10%, 2 pp short of target". */
export function actualVsTargetText(
  name: string,
  actual: number | null | undefined,
  target: number | null | undefined,
  unit: ValueUnit,
  direction: Direction = "higher_is_better",
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

/**
 * A formula as a person reads it: measure keys replaced by their names, `*` and `/` as × and ÷
 * ("converted_customers / qualified_leads * 100" -> "转化客户数 ÷ 合格线索数 × 100"). A key without a name
 * stays as it is (the server's compliance check names it); the identifiers are never the only text.
 */
export function formulaText(
  formula: string | null | undefined,
  measures: Array<{ key: string; name?: string | { "zh-CN"?: string; en?: string } }> | null | undefined,
  locale: Locale = "zh-CN",
): string {
  if (!formula) return "";
  const names = new Map<string, string>();
  for (const m of measures ?? []) {
    const n = typeof m.name === "string" ? m.name : (m.name?.[locale] ?? m.name?.["zh-CN"] ?? m.name?.en ?? "");
    if (n) names.set(m.key, n);
  }
  return formula
    .replace(/[A-Za-z_][A-Za-z0-9_]*/g, (word) => names.get(word) ?? word)
    .replace(/\s*\*\s*/g, " × ")
    .replace(/\s*\/\s*/g, " ÷ ")
    .replace(/\s+/g, " ")
    .trim();
}
