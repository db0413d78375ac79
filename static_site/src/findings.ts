/**
 * Compliance findings rendered by their code in the UI's language (`findings.*` in i18n), with the
 * parameters taken from the indicators on the screen (name, target, threshold...) and the set's weight
 * total. The stored bilingual message is used only for a code the client does not know, or when a
 * parameter it needs is not on the screen (e.g. the other set a duplicate was found in).
 */
import type { Finding, Localized } from "./api/types";
import ux from "./i18n/zh-CN.ux";

type Num = number | string | null | undefined;

/** What a finding may name about its indicator (an IndicatorInput, an Indicator, a draft item). */
export interface FindingSubject {
  indicator_id?: string | null;
  name?: string;
  target?: Num;
  threshold?: Num;
  stretch?: Num;
  band_low?: Num;
  band_high?: Num;
}

export type Translate = (key: string, params: Record<string, unknown>) => string;

const TEMPLATES = ux.findings as Record<string, string>;

/** The parameters a known finding code's text needs; null for a code the client has no text for. */
export function neededParams(code: string): string[] | null {
  const template = TEMPLATES[findingKey(code).slice("findings.".length)];
  return template === undefined ? null : [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** "finding.no_target" -> "findings.no_target"; "rule.band_inverted" -> "findings.rule_band_inverted". */
export function findingKey(code: string): string {
  return `findings.${code.replace(/^finding\./, "").replace(/\./g, "_")}`;
}

/** Numbers as the server writes them in findings: 90, 90.5 (no trailing zeros). */
function num(v: Num): string | undefined {
  const n = typeof v === "string" ? (v.trim() === "" ? NaN : Number(v)) : v;
  return n === null || n === undefined || !Number.isFinite(n) ? undefined : String(Number(n.toFixed(4)));
}

export function findingParams(subject: FindingSubject | undefined, totalWeight?: Num): Record<string, string> {
  const out: Record<string, string | undefined> = {
    name: subject?.name || undefined,
    target: num(subject?.target),
    threshold: num(subject?.threshold),
    stretch: num(subject?.stretch),
    low: num(subject?.band_low),
    high: num(subject?.band_high),
    total: num(totalWeight),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function fallback(message: Localized | undefined, locale: string): string {
  if (!message) return "";
  if (typeof message === "string") return message;
  return message[locale as "zh-CN" | "en"] ?? message["zh-CN"] ?? message.en ?? "";
}

/** The finding's text in the UI's language: by code when known and every parameter is at hand. */
export function findingText(
  f: Pick<Finding, "code" | "message" | "indicator_id">,
  t: Translate,
  locale: string,
  subjects: FindingSubject[] = [],
  totalWeight?: Num,
): string {
  const needed = f.code ? neededParams(f.code) : null;
  if (!f.code || needed === null) return fallback(f.message, locale);
  const subject = f.indicator_id ? subjects.find((s) => s.indicator_id === f.indicator_id) : undefined;
  const params = findingParams(subject, totalWeight);
  if (needed.some((p) => !(p in params))) return fallback(f.message, locale);
  return t(findingKey(f.code), params);
}
