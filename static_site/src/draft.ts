/**
 * The indicator-set form model. Inputs are kept as the strings the user typed (so a failed save
 * never loses or reformats them); percentages are typed in percent points ("10" = 10 %) and
 * sent as fractions (0.1), per the API convention.
 */
import type { IndicatorItem, IndicatorTemplate, Localized } from "./api/types";
import type { Direction, ValueUnit } from "./format";
import { sumWeights } from "./format";

export interface DraftRow {
  key: string;
  item_id?: string;
  template_id?: string;
  name: Localized;
  custom: boolean;
  unit: ValueUnit;
  direction: Direction;
  target: string;
  weight: string;
  data_source: string;
  formula?: string;
}

let seq = 0;
const nextKey = () => `row-${++seq}`;

function numToInput(v: number | null | undefined, unit: ValueUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "";
  const n = unit === "percent" ? Math.round(v * 100 * 1e6) / 1e6 : v;
  return String(n);
}

function inputToNum(s: string, unit: ValueUnit): number | null {
  const trimmed = s.trim().replace(/[,，%]/g, "");
  if (trimmed === "") return null;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return null;
  return unit === "percent" ? Math.round((n / 100) * 1e8) / 1e8 : n;
}

export function rowFromTemplate(t: IndicatorTemplate): DraftRow {
  return {
    key: nextKey(),
    template_id: t.template_id,
    name: t.name,
    custom: false,
    unit: t.unit,
    direction: t.direction ?? "higher_better",
    target: numToInput(t.default_target, t.unit),
    weight: t.default_weight != null ? String(t.default_weight) : "",
    data_source: t.data_source ?? "",
    formula: t.formula,
  };
}

export function customRow(): DraftRow {
  return {
    key: nextKey(),
    name: "",
    custom: true,
    unit: "count",
    direction: "higher_better",
    target: "",
    weight: "",
    data_source: "",
  };
}

export function rowFromItem(i: IndicatorItem): DraftRow {
  return {
    key: nextKey(),
    item_id: i.item_id,
    template_id: i.template_id,
    name: i.name,
    custom: !i.template_id,
    unit: i.unit,
    direction: i.direction ?? "higher_better",
    target: numToInput(i.target, i.unit),
    weight: i.weight != null ? String(i.weight) : "",
    data_source: i.data_source ?? "",
    formula: i.formula,
  };
}

export function itemFromRow(r: DraftRow): IndicatorItem {
  const out: IndicatorItem = {
    name: r.name,
    unit: r.unit,
    direction: r.direction,
    target: inputToNum(r.target, r.unit),
    weight: inputToNum(r.weight, "count"),
    data_source: r.data_source.trim(),
  };
  if (r.item_id) out.item_id = r.item_id;
  if (r.template_id) out.template_id = r.template_id;
  if (r.formula) out.formula = r.formula;
  return out;
}

export function weightTotal(rows: DraftRow[]): number {
  return sumWeights(rows.map((r) => inputToNum(r.weight, "count")));
}

/** Per-row client checks (i18n keys), plus the set-level weight rule under "weights". */
export function validateRows(rows: DraftRow[], nameOf: (n: Localized) => string): Record<string, string> {
  const e: Record<string, string> = {};
  rows.forEach((r, i) => {
    if (!nameOf(r.name).trim()) e[`items.${i}.name`] = "common.required";
    if (inputToNum(r.target, r.unit) === null) e[`items.${i}.target`] = "common.required";
    const w = inputToNum(r.weight, "count");
    if (w === null || w <= 0) e[`items.${i}.weight`] = "common.required";
  });
  if (!rows.length) e.items = "draft.noItems";
  else if (weightTotal(rows) !== 100) e.weights = "draft.weightMustBe100";
  return e;
}
