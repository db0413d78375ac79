/**
 * The indicator-set form model. Inputs stay the strings the user typed (so a failed save never
 * loses or reformats them) and become an API `IndicatorInput` only when sent. Values are in the
 * indicator's own unit, as the API takes them (percent in points: "10" = 10 %).
 *
 * A template row sends its `template_code` plus what the manager set; the server fills the rest
 * (formula, measures, unit, direction) from the template. A custom row is measured directly:
 * one measure `value` and the formula `value`, so it passes the "measurable" rule.
 */
import type { Indicator, IndicatorInput, IndicatorTemplate, Localized } from "./api/types";
import type { Direction, Locale, ValueUnit } from "./format";
import { sumWeights } from "./format";

export interface DraftRow {
  key: string;
  indicator_id?: string;
  template_code?: string;
  name: string;
  custom: boolean;
  unit: ValueUnit;
  direction: Direction;
  target: string;
  threshold: string;
  band_low: string;
  band_high: string;
  weight: string;
  system: string;
  owner_person_id: string;
  goal_id: string;
}

let seq = 0;
const nextKey = () => `row-${++seq}`;

function text(v: Localized | null | undefined, locale: Locale): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  return v[locale] || v["zh-CN"] || v.en || "";
}

export function numToInput(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "" : String(v);
}

export function inputToNum(s: string): number | null {
  const trimmed = s.trim().replace(/[,，%\s]/g, "");
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function blank(): Omit<DraftRow, "key" | "name" | "custom" | "unit" | "direction"> {
  return { target: "", threshold: "", band_low: "", band_high: "", weight: "", system: "", owner_person_id: "", goal_id: "" };
}

export function rowFromTemplate(t: IndicatorTemplate, locale: Locale = "zh-CN"): DraftRow {
  return {
    ...blank(),
    key: nextKey(),
    template_code: t.code,
    name: text(t.name, locale),
    custom: false,
    unit: t.unit,
    direction: t.direction ?? "higher_is_better",
    target: numToInput(t.suggested_target),
    threshold: numToInput(t.suggested_threshold),
    band_low: numToInput(t.suggested_band?.low),
    band_high: numToInput(t.suggested_band?.high),
    system: text(t.suggested_data_source?.system, locale),
  };
}

export function customRow(): DraftRow {
  return { ...blank(), key: nextKey(), name: "", custom: true, unit: "count", direction: "higher_is_better" };
}

export function rowFromIndicator(i: Indicator): DraftRow {
  return {
    key: nextKey(),
    indicator_id: i.indicator_id,
    template_code: i.template_code ?? undefined,
    name: i.name,
    custom: !i.template_code,
    unit: i.unit,
    direction: i.direction ?? "higher_is_better",
    target: numToInput(i.target),
    threshold: numToInput(i.threshold),
    band_low: numToInput(i.band_low),
    band_high: numToInput(i.band_high),
    weight: numToInput(i.weight),
    system: i.data_source?.system ?? "",
    owner_person_id: i.data_source?.owner_person_id ?? "",
    goal_id: i.goal_id ?? "",
  };
}

export function inputFromRow(r: DraftRow): IndicatorInput {
  const out: IndicatorInput = {
    name: r.name.trim(),
    weight: inputToNum(r.weight) ?? 0,
    direction: r.direction,
    data_source: { system: r.system.trim(), owner_person_id: r.owner_person_id || null },
    goal_id: r.goal_id || null,
  };
  if (r.direction === "target_band") {
    out.band_low = inputToNum(r.band_low);
    out.band_high = inputToNum(r.band_high);
  } else out.target = inputToNum(r.target);
  out.threshold = inputToNum(r.threshold);
  if (r.indicator_id) out.indicator_id = r.indicator_id;
  if (r.template_code) out.template_code = r.template_code;
  else if (!r.indicator_id) {
    out.unit = r.unit;
    out.formula = "value";
    out.measures = [{ key: "value", name: r.name.trim(), unit: r.unit }];
  } else out.unit = r.unit;
  return out;
}

export function weightTotal(rows: DraftRow[]): number {
  return sumWeights(rows.map((r) => inputToNum(r.weight)));
}

/**
 * Client checks before submitting (i18n keys), keyed like the API's details ("indicators.N.field"),
 * plus the set-level weight rule under "weights". The server's compliance check stays the authority.
 */
export function validateRows(rows: DraftRow[]): Record<string, string> {
  const e: Record<string, string> = {};
  rows.forEach((r, i) => {
    const at = `indicators.${i}`;
    if (!r.name.trim()) e[`${at}.name`] = "common.required";
    if (r.direction === "target_band") {
      if (inputToNum(r.band_low) === null) e[`${at}.band_low`] = "common.required";
      if (inputToNum(r.band_high) === null) e[`${at}.band_high`] = "common.required";
    } else if (inputToNum(r.target) === null) e[`${at}.target`] = "common.required";
    if (inputToNum(r.threshold) === null) e[`${at}.threshold`] = "common.required";
    const w = inputToNum(r.weight);
    if (w === null || w <= 0) e[`${at}.weight`] = "draft.weightPositive";
    if (!r.system.trim()) e[`${at}.data_source`] = "common.required";
    if (!r.owner_person_id) e[`${at}.data_source.owner_person_id`] = "common.required";
  });
  if (!rows.length) e.indicators = "draft.noItems";
  else if (weightTotal(rows) !== 100) e.weights = "draft.weightMustBe100";
  return e;
}
