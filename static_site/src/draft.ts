/**
 * The indicator-set form model. Inputs stay the strings the user typed (so a failed save never
 * loses or reformats them) and become an API `IndicatorInput` only when sent. Values are in the
 * indicator's own unit, as the API takes them (percent in points: "10" = 10 %).
 *
 * A template row sends its `template_code` plus what the manager set; the server fills the rest
 * (formula, measures, unit, direction) from the template. A custom row is measured directly:
 * one measure `value` and the formula `value`, so it passes the "measurable" rule.
 */
import type { Finding, Indicator, IndicatorInput, IndicatorTemplate, Localized, Person, Position, SetCreate, Unit } from "./api/types";
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
  /** The unit that supplies the figures (from the indicator, or the template's suggested unit). */
  source_unit_id: string;
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
  return { target: "", threshold: "", band_low: "", band_high: "", weight: "", system: "", source_unit_id: "", owner_person_id: "", goal_id: "" };
}

/**
 * The tenant's unit a template's suggested data source names ("销售部" / "Sales"), matched by name;
 * null unless exactly one open unit has that name. Its head is the suggested data owner.
 */
export function suggestedSourceUnit<U extends Pick<Unit, "unit_id" | "name" | "status" | "head_person_id">>(
  t: Pick<IndicatorTemplate, "suggested_data_source">,
  units: U[],
): U | null {
  const u = t.suggested_data_source?.unit;
  const names = new Set(
    (typeof u === "string" ? [u] : u ? [u["zh-CN"], u.en] : []).filter((n): n is string => !!n).map((n) => n.trim().toLowerCase()),
  );
  if (!names.size) return null;
  const hits = units.filter((x) => x.status !== "closed" && names.has(x.name.trim().toLowerCase()));
  return hits.length === 1 ? hits[0] : null;
}

export function rowFromTemplate(t: IndicatorTemplate, locale: Locale = "zh-CN", units: Unit[] = []): DraftRow {
  const source = suggestedSourceUnit(t, units);
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
    source_unit_id: source?.unit_id ?? "",
    owner_person_id: source?.head_person_id ?? "",
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
    source_unit_id: i.data_source?.unit_id ?? "",
    owner_person_id: i.data_source?.owner_person_id ?? "",
    goal_id: i.goal_id ?? "",
  };
}

export function inputFromRow(r: DraftRow): IndicatorInput {
  const out: IndicatorInput = {
    name: r.name.trim(),
    weight: inputToNum(r.weight) ?? 0,
    direction: r.direction,
    data_source: { unit_id: r.source_unit_id || null, system: r.system.trim(), owner_person_id: r.owner_person_id || null },
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

export type NumberField = "target" | "band_low" | "band_high" | "threshold";

export interface NumberFieldSpec {
  key: NumberField;
  /** i18n keys */
  label: string;
  hint?: string;
  /** data-testid stem: `draft-item-<testid>-N` */
  testid: string;
}

const NUMBER_FIELDS: Record<NumberField, NumberFieldSpec> = {
  target: { key: "target", label: "draft.target", testid: "target" },
  band_low: { key: "band_low", label: "draft.bandLow", testid: "band-low" },
  band_high: { key: "band_high", label: "draft.bandHigh", testid: "band-high" },
  threshold: { key: "threshold", label: "draft.threshold", hint: "draft.thresholdHint", testid: "threshold" },
};

/** The number inputs a row shows, in order: a band's two ends or the target, then the threshold. */
export function numberFields(direction: Direction): NumberFieldSpec[] {
  const keys: NumberField[] = direction === "target_band" ? ["band_low", "band_high", "threshold"] : ["target", "threshold"];
  return keys.map((k) => NUMBER_FIELDS[k]);
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

// ---- who the set is for: a unit in the drafter's scope, then a position or a list of people ----

/** The API's limit on a set's assignees (chalicelib/indicators/schemas.py MAX_ASSIGNEES). */
export const MAX_ASSIGNEES = 80;

export type TargetMode = "position" | "people";

export interface DraftTarget {
  mode: TargetMode;
  unit_id: string;
  position_id: string;
  person_ids: string[];
}

export interface ScopeUnit {
  unit_id: string;
  name: string;
  /** Levels below the top of the drafter's scope (0 = a unit they head), for indenting. */
  depth: number;
}

const pathOf = (u: Unit): string[] => (u.path?.length ? u.path : [u.unit_id]);

/**
 * The units a drafter may pick, in tree order: the subtrees of the units they head (the API's
 * manager scope), or every open unit for HR, admins and executives. Each unit follows its parent.
 */
export function unitsInScope(units: Unit[], headOf: string[], wholeCompany: boolean): ScopeUnit[] {
  const heads = new Set(headOf);
  const open = units.filter((u) => u.status !== "closed");
  const byId = new Map(open.map((u) => [u.unit_id, u]));
  const inScope = open.filter((u) => wholeCompany || pathOf(u).some((id) => heads.has(id)));
  const top = Math.min(...inScope.map((u) => pathOf(u).length));
  // Sort by the chain of names from the root, so children sit under their parent, siblings by name.
  const key = (u: Unit) => pathOf(u).map((id) => byId.get(id)?.name ?? id);
  const order = (a: Unit, b: Unit) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = ka[i].localeCompare(kb[i], "zh-CN");
      if (c) return c;
    }
    return ka.length - kb.length;
  };
  return [...inScope].sort(order).map((u) => ({ unit_id: u.unit_id, name: u.name, depth: pathOf(u).length - top }));
}

/** True when `unitId` is the unit `rootId` or below it. */
export function isWithin(units: Unit[], unitId: string | undefined, rootId: string): boolean {
  if (!unitId) return false;
  if (unitId === rootId) return true;
  const u = units.find((x) => x.unit_id === unitId);
  return !!u && pathOf(u).includes(rootId);
}

/** The open positions of exactly this unit (a team's positions are picked with the team), by title. */
export function positionsOfUnit(positions: Position[], unitId: string): Position[] {
  return positions
    .filter((p) => p.unit_id === unitId && p.status !== "closed")
    .sort((a, b) => a.title.localeCompare(b.title, "zh-CN"));
}

/** People who can be given the set: not left, in the unit or any unit below it; by name. */
export function peopleInScope(people: Person[], units: Unit[], unitId: string): Person[] {
  if (!unitId) return [];
  return people
    .filter((p) => p.status !== "left" && isWithin(units, p.unit_id, unitId))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/**
 * People matching a search: every word must appear in the name, employee number, email, or the
 * name of their unit or position (case-insensitive). A blank search matches everyone.
 */
export function searchPeople(people: Person[], query: string, describe: (p: Person) => string[] = () => []): Person[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return people;
  return people.filter((p) => {
    const hay = [p.name, p.employee_no ?? "", p.email ?? "", ...describe(p)].join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Add or remove one person, keeping the order they were picked in. */
export function togglePerson(ids: string[], personId: string): string[] {
  return ids.includes(personId) ? ids.filter((id) => id !== personId) : [...ids, personId];
}

/**
 * After the unit changes: keep the position only if it belongs to the new unit, and only the picked
 * people still in scope (so a choice is never silently sent for the wrong unit).
 */
export function keepInScope(target: DraftTarget, positions: Position[], inScope: Person[]): DraftTarget {
  const positionOk = positions.some((p) => p.position_id === target.position_id);
  const allowed = new Set(inScope.map((p) => p.person_id));
  return {
    ...target,
    position_id: positionOk ? target.position_id : "",
    person_ids: target.person_ids.filter((id) => allowed.has(id)),
  };
}

/** Client checks on the target (i18n keys, keyed like the API's fields). */
export function validateTarget(t: DraftTarget): Record<string, string> {
  const e: Record<string, string> = {};
  if (!t.unit_id) e.unit_id = "draft.unitRequired";
  if (t.mode === "position" && !t.position_id) e.position_id = "draft.positionRequired";
  if (t.mode === "people") {
    if (!t.person_ids.length) e.person_ids = "draft.peopleRequired";
    else if (t.person_ids.length > MAX_ASSIGNEES) e.person_ids = "draft.tooManyPeople";
  }
  return e;
}

/** The target part of `POST /indicators/sets`: one of a position or a list of people, never both. */
export function targetBody(t: DraftTarget): Pick<SetCreate, "unit_id" | "position_id" | "person_ids"> {
  return t.mode === "people"
    ? { unit_id: t.unit_id || undefined, position_id: null, person_ids: [...t.person_ids] }
    : { unit_id: t.unit_id || undefined, position_id: t.position_id || null, person_ids: [] };
}

/** Where a server error about the target goes: "person_ids.3" is shown on the people picker. */
export function targetField(field: string): string | null {
  if (field === "unit_id" || field === "position_id" || field === "person_ids") return field;
  if (/^person_ids\.\d+$/.test(field)) return "person_ids";
  return null;
}

// ---- live compliance check (POST /indicators/sets/{id}/check) -----------------------------------

export interface LiveCheck {
  findings: Finding[];
  indicator_ids: string[];
}

/** Findings per row, by position: the check answers with the ids of the rows in the order sent. */
export function findingsByRow(check: LiveCheck | null, rowCount: number): Finding[][] {
  const out: Finding[][] = Array.from({ length: rowCount }, () => []);
  if (!check) return out;
  check.indicator_ids.forEach((id, i) => {
    if (i < rowCount) out[i] = check.findings.filter((f) => f.indicator_id === id);
  });
  return out;
}

export const setLevel = (check: LiveCheck | null): Finding[] => (check ? check.findings.filter((f) => !f.indicator_id) : []);

/**
 * Why 提交审核 is held back: one line per blocking finding, "N. name: message" for an indicator's,
 * the message alone for the set's. Empty: submit may go.
 */
export function blockingReasons<R extends Pick<DraftRow, "name">>(
  check: LiveCheck | null,
  rows: R[],
  text: (f: Finding, row?: R) => string,
): string[] {
  if (!check) return [];
  return check.findings
    .filter((f) => f.severity === "error")
    .map((f) => {
      const i = f.indicator_id ? check.indicator_ids.indexOf(f.indicator_id) : -1;
      return i >= 0 ? `${i + 1}. ${rows[i]?.name || "—"}：${text(f, rows[i])}` : text(f);
    });
}
