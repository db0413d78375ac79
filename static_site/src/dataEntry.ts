/**
 * The data-entry screen's model (pure, tested in tests/data-entry.spec.ts): duties grouped by unit
 * then person, the typed values as strings keyed per input, the changed ones turned into
 * POST /reviews/actuals entries (checked first), sent in chunks the API accepts, and the server's
 * `entries.N.…` field errors placed back on the inputs they came from.
 */
import type { ActualEntryInput, ActualsInput, Duty, DutyMeasure, DutyStep } from "./api/types";
import type { Locale } from "./format";

/** The API's limit of entries per request (chalicelib/reviews/schemas.py MAX_ENTRIES). */
export const MAX_ENTRIES = 20;
/**
 * One request is one DynamoDB transaction of at most 100 writes (chalicelib/core/db.py). A value
 * costs up to 2 (the value and, for a correction, its history), an entry 1 more (the audit record),
 * a person 1 (their result in the period's running cycle), the idempotency record 1: chunks stay below.
 */
export const WRITE_BUDGET = 96;

export interface PersonGroup {
  person_id: string;
  person_name: string;
  duties: Duty[];
}

export interface UnitGroup {
  unit_id: string;
  unit_name: string;
  people: PersonGroup[];
}

/** The key of one input: person, indicator, measure. */
export function fieldKey(personId: string, indicatorId: string, measureKey: string): string {
  return `${personId}|${indicatorId}|${measureKey}`;
}

/** The key of one indicator row (an error about the whole entry lands there). */
export function dutyKey(d: Pick<Duty, "person_id" | "indicator_id">): string {
  return `${d.person_id}|${d.indicator_id}`;
}

/** Case-insensitive match of a person's or an indicator's name (a blank query matches all). */
export function matches(d: Duty, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return d.person_name.toLowerCase().includes(q) || d.indicator_name.toLowerCase().includes(q);
}

/** Duties grouped by unit (by id: two teams may share a name), then person, in the API's order (unit,
 * person, indicator), filtered by `query`. */
export function groupDuties(items: Duty[], query = ""): UnitGroup[] {
  const units = new Map<string, { unit_name: string; people: Map<string, PersonGroup> }>();
  for (const d of items) {
    if (!matches(d, query)) continue;
    let unit = units.get(d.unit_id);
    if (!unit) units.set(d.unit_id, (unit = { unit_name: d.unit_name, people: new Map() }));
    let person = unit.people.get(d.person_id);
    if (!person) unit.people.set(d.person_id, (person = { person_id: d.person_id, person_name: d.person_name, duties: [] }));
    person.duties.push(d);
  }
  return [...units].map(([unit_id, u]) => ({ unit_id, unit_name: u.unit_name, people: [...u.people.values()] }));
}

/** The value entered for a step, or null. */
export function pointOf(m: DutyMeasure, step: number): number | null {
  const v = m.points[String(step)];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The previous step's value (null for the first step or when nothing was entered). */
export function previousPoint(m: DutyMeasure, step: number): number | null {
  return step > 1 ? pointOf(m, step - 1) : null;
}

/** A number as typed into an input: no grouping, no float noise ("0.30000000000000004" -> "0.3"). */
export function numberText(v: number | null): string {
  if (v === null) return "";
  return String(Number(v.toPrecision(12)));
}

/** The inputs' starting text for a step: what was entered so far, "" where nothing was. */
export function initialInputs(items: Duty[], step: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of items) for (const m of d.measures) out[fieldKey(d.person_id, d.indicator_id, m.key)] = numberText(pointOf(m, step));
  return out;
}

/** "1,234.5" / "１２" / " 8 " -> a number; "" -> null; anything else -> NaN. */
export function parseNumber(text: string): number | null {
  const s = text
    .trim()
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, "");
  if (!s) return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Number.NaN;
  return Number(s);
}

const NON_NEGATIVE = new Set(["count", "percent", "cny", "cny_10k", "days", "hours", "minutes"]);

/** The i18n key of what is wrong with a typed value for a measure unit ("" when it is fine). */
export function valueProblem(text: string, unit: string, original: number | null): string {
  const n = parseNumber(text);
  if (n === null) return original === null ? "" : "dataEntry.err.cannotClear";
  if (!Number.isFinite(n)) return "dataEntry.err.notNumber";
  if (unit === "percent" && (n < 0 || n > 100)) return "dataEntry.err.percentRange";
  if (NON_NEGATIVE.has(unit) && n < 0) return "dataEntry.err.negative";
  return "";
}

/** True when the input's text means something other than what is stored. */
export function isChanged(text: string, original: number | null): boolean {
  const n = parseNumber(text);
  if (n === null) return original !== null;
  return !(original !== null && n === original);
}

/** One entry as sent, with the input each of its values came from. */
export interface SentEntry {
  entry: ActualEntryInput;
  /** measure key -> fieldKey */
  fields: Record<string, string>;
}

export interface SavePlan {
  entries: SentEntry[];
  /** fieldKey -> i18n key of a client-side problem; nothing is sent while any is present */
  errors: Record<string, string>;
  /** number of values that will be sent */
  changed: number;
}

/**
 * The changed inputs of a step as entries (one per person and indicator), after checking each one.
 * Unchanged inputs are left out; an entry with no changed value is not sent.
 */
export function planSave(items: Duty[], step: DutyStep, inputs: Record<string, string>): SavePlan {
  const entries: SentEntry[] = [];
  const errors: Record<string, string> = {};
  let changed = 0;
  for (const d of items) {
    const values: Record<string, number> = {};
    const fields: Record<string, string> = {};
    for (const m of d.measures) {
      const key = fieldKey(d.person_id, d.indicator_id, m.key);
      const text = inputs[key] ?? "";
      const original = pointOf(m, step.index);
      if (!isChanged(text, original)) continue;
      const problem = valueProblem(text, m.unit, original);
      if (problem) {
        errors[key] = problem;
        continue;
      }
      values[m.key] = parseNumber(text) as number;
      fields[m.key] = key;
      changed += 1;
    }
    if (Object.keys(values).length)
      entries.push({ entry: { person_id: d.person_id, indicator_id: d.indicator_id, as_of: step.start, values }, fields });
  }
  return { entries, errors, changed };
}

/** Number of changed inputs of a step (for the save button), whatever their validity. */
export function countChanged(items: Duty[], step: number, inputs: Record<string, string>): number {
  let n = 0;
  for (const d of items)
    for (const m of d.measures) if (isChanged(inputs[fieldKey(d.person_id, d.indicator_id, m.key)] ?? "", pointOf(m, step))) n += 1;
  return n;
}

function writesOf(e: ActualEntryInput): number {
  return 2 * Object.keys(e.values).length + 1;
}

/** Split entries into requests of at most `max` entries and WRITE_BUDGET writes each, keeping order. */
export function chunk<T extends { entry: ActualEntryInput }>(entries: T[], max = MAX_ENTRIES, budget = WRITE_BUDGET): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let writes = 1;
  let people = new Set<string>();
  for (const e of entries) {
    const cost = writesOf(e.entry) + (people.has(e.entry.person_id) ? 0 : 1);
    if (current.length && (current.length >= max || writes + cost > budget)) {
      out.push(current);
      current = [];
      writes = 1;
      people = new Set();
    }
    current.push(e);
    writes += writesOf(e.entry) + (people.has(e.entry.person_id) ? 0 : 1);
    people.add(e.entry.person_id);
  }
  if (current.length) out.push(current);
  return out;
}

/** The request body of one chunk. */
export function requestBody(period: string, sent: SentEntry[]): ActualsInput {
  return { period, entries: sent.map((s) => s.entry), source: "manual" };
}

/**
 * Where a server field error of a chunk belongs: `entries.N.values.KEY` -> that input,
 * `entries.N.…` (person, indicator, as_of) -> that indicator row, anything else -> null (form level).
 */
export function placeEntryField(field: string, sent: SentEntry[]): string | null {
  const m = /^entries\.(\d+)(?:\.(.*))?$/.exec(field);
  if (!m) return null;
  const s = sent[Number(m[1])];
  if (!s) return null;
  const rest = m[2] ?? "";
  const v = /^values\.(.+)$/.exec(rest);
  if (v && s.fields[v[1]]) return s.fields[v[1]];
  return dutyKey(s.entry);
}

/**
 * The Idempotency-Key for a request body: the key used for the very same body in the last attempt
 * (a retry of the same save replays instead of writing twice), else a new one.
 */
export function keyFor(body: ActualsInput, previous: Map<string, string>, make: () => string = randomKey): string {
  return previous.get(JSON.stringify(body)) ?? make();
}

/** 128 random bits as hex (crypto.getRandomValues also works outside secure contexts). */
export function randomKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A step's label from its first day: months "3月" / "Mar", days "5日" / "Mar 5". */
export function stepLabel(step: DutyStep, unit: "month" | "day", locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(step.start);
  if (!m) return String(step.index);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (unit === "day") return locale === "en" ? `${MONTHS_EN[month - 1]} ${day}` : `${day}日`;
  return locale === "en" ? MONTHS_EN[month - 1] : `${month}月`;
}

/** The periods offered: this year and last year, plus `extra` (e.g. from the address) when it is another. */
export function periodChoices(year: number, extra?: string): string[] {
  const out = [String(year), String(year - 1)];
  if (extra && !out.includes(extra)) out.unshift(extra);
  return out;
}

/** Label + unit for an input: "有效线索客户数（个）" / "Qualified leads (count)"; no unit text for ratios/scores. */
export function measureLabel(name: string, unitText: string, locale: Locale): string {
  if (!unitText) return name;
  return locale === "en" ? `${name} (${unitText})` : `${name}（${unitText}）`;
}

/** The duties with the values of saved entries put into their points (no reload needed to see them). */
export function applySaved(items: Duty[], step: number, saved: SentEntry[]): Duty[] {
  const byDuty = new Map(saved.map((s) => [dutyKey(s.entry), s.entry.values]));
  return items.map((d) => {
    const values = byDuty.get(dutyKey(d));
    if (!values) return d;
    return {
      ...d,
      measures: d.measures.map((m) => (m.key in values ? { ...m, points: { ...m.points, [String(step)]: values[m.key] } } : m)),
    };
  });
}

/**
 * The inputs after fresh duties arrived for the same step: an input the user changed keeps its text,
 * every other one shows the value now stored (someone else's entry, or what was just saved).
 */
export function mergeInputs(before: Duty[], after: Duty[], step: number, inputs: Record<string, string>): Record<string, string> {
  const old = new Map<string, number | null>();
  for (const d of before) for (const m of d.measures) old.set(fieldKey(d.person_id, d.indicator_id, m.key), pointOf(m, step));
  const out = initialInputs(after, step);
  for (const key of Object.keys(out)) {
    const text = inputs[key];
    if (text !== undefined && old.has(key) && isChanged(text, old.get(key) ?? null)) out[key] = text;
  }
  return out;
}
