/**
 * Company setup from the phone: the first-run checklist computed from real data, and small pure
 * helpers the setup screens share (codes the API requires, PATCH bodies with only changed fields,
 * the roster template, import row errors). Pure: tested in tests/setup.spec.ts.
 */
import type { Goal, Person, Position, Role, Unit } from "./api/types";

export type StepKey = "units" | "positions" | "people" | "invitations" | "goals" | "raci" | "cycle";

export interface SetupData {
  units: Unit[];
  positions: Position[];
  people: Person[];
  /** Users of the company (GET /users): the founder is one. */
  members: Array<{ user_id: string }>;
  goals: Goal[];
  /** Responsibility entries (GET /org/raci); optional so older callers still type-check. */
  raci?: unknown[];
  cycles: unknown[];
}

export interface Step {
  key: StepKey;
  done: boolean;
  /** How many there are (shown beside the step). */
  count: number;
  to: string;
}

/** Where each step is done. */
export const STEP_ROUTES: Record<StepKey, string> = {
  units: "/org/units/new",
  positions: "/org/positions/new",
  people: "/people",
  invitations: "/people",
  goals: "/goals",
  raci: "/raci",
  cycle: "/cycles/new",
};

/**
 * The checklist, in the order a new company works through it. Sign-up makes the company unit, the
 * founder as person 0001 and the founder's login: those do not count as done.
 */
export function checklist(d: SetupData): Step[] {
  const active = <T extends { status?: string }>(xs: T[]) => xs.filter((x) => x.status !== "closed");
  const counts: Record<StepKey, number> = {
    units: active(d.units).filter((u) => u.kind !== "company").length,
    positions: active(d.positions).length,
    people: Math.max(0, d.people.filter((p) => p.status !== "left").length - 1),
    invitations: Math.max(0, d.members.length - 1),
    goals: d.goals.length,
    raci: d.raci?.length ?? 0,
    cycle: d.cycles.length,
  };
  return (Object.keys(STEP_ROUTES) as StepKey[]).map((key) => ({ key, done: counts[key] > 0, count: counts[key], to: STEP_ROUTES[key] }));
}

export const allDone = (steps: Step[]) => steps.every((s) => s.done);

const DISMISS_KEY = "luodi.setup.dismissed.";
export function isDismissed(tenantId: string | undefined, storage: Pick<Storage, "getItem"> | null = safeStorage()): boolean {
  return !!tenantId && storage?.getItem(DISMISS_KEY + tenantId) === "1";
}
export function dismiss(tenantId: string | undefined, storage: Pick<Storage, "setItem"> | null = safeStorage()): void {
  if (tenantId) storage?.setItem(DISMISS_KEY + tenantId, "1");
}
function safeStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/**
 * A code the API accepts (`^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$`) for a name typed in Chinese: the ASCII
 * letters and digits of the name if it has any, else the prefix and the next free number.
 */
export function suggestCode(name: string, prefix: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((c) => c.toUpperCase()));
  const ascii = name
    .normalize("NFKC")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase()
    .slice(0, 24);
  if (ascii && /^[A-Z0-9]/.test(ascii) && !used.has(ascii)) return ascii;
  const base = ascii && /^[A-Z0-9]/.test(ascii) ? ascii : prefix;
  for (let n = 1; ; n++) {
    const code = `${base}${base === prefix ? "" : "_"}${String(n).padStart(base === prefix ? 2 : 1, "0")}`;
    if (!used.has(code)) return code;
  }
}

/** The next employee number after the highest numeric one ("0001" -> "0002"), same width. */
export function nextEmployeeNo(numbers: Array<string | undefined>): string {
  let best = 0;
  let width = 4;
  for (const n of numbers) {
    if (n && /^\d+$/.test(n) && Number(n) >= best) {
      best = Number(n);
      width = Math.max(width, n.length);
    }
  }
  return String(best + 1).padStart(width, "0");
}

/**
 * A PATCH body: the version read and only the fields whose value changed. An emptied optional
 * field becomes null (clears it); unchanged fields are not sent, so a concurrent edit of another
 * field is not overwritten.
 */
export function changedFields<K extends string>(
  original: Partial<Record<K, unknown>>,
  edited: Record<K, string>,
  version: number,
): { version: number } & Partial<Record<K, string | null>> {
  const body: Record<string, unknown> = { version };
  for (const k of Object.keys(edited) as K[]) {
    const before = (original[k] ?? "") as string;
    const after = edited[k].trim();
    if (after !== before) body[k] = after === "" ? null : after;
  }
  return body as { version: number } & Partial<Record<K, string | null>>;
}

/** Roles the inviter may grant: an admin grants any, HR grants HR and executive (the API decides). */
export function grantableRoles(roles: readonly Role[]): Role[] {
  if (roles.includes("admin")) return ["hr", "executive", "admin", "payroll"];
  if (roles.includes("hr")) return ["hr", "executive"];
  return [];
}

/** The people roster template (Chinese headers the import reads), UTF-8 with BOM for Excel. */
export const ROSTER_HEADERS = ["工号", "姓名", "邮箱", "部门编码", "岗位编码", "上级工号"];
export function rosterTemplate(units: Unit[]): string {
  const dept = units.find((u) => u.kind !== "company") ?? units[0];
  const example = ["0002", "张三", "zhangsan@example.com", dept?.code ?? "SALES", "", "0001"];
  return "\uFEFF" + [ROSTER_HEADERS, example].map((r) => r.join(",")).join("\r\n") + "\r\n";
}

export interface RowError {
  /** The spreadsheet's line number (header = 1); 0 for a file-level error. */
  line: number;
  column: string;
  message: string;
}

/** `rows[3].email` details of a refused import -> per-row errors, by line. */
export function importRowErrors(details: Array<{ field: string; message: string }>): RowError[] {
  return details
    .map((d) => {
      const m = /^rows\[(\d+)\]\.?(.*)$/.exec(d.field ?? "");
      return { line: m ? Number(m[1]) : 0, column: m ? m[2] : d.field ?? "", message: d.message };
    })
    .sort((a, b) => a.line - b.line);
}

/** The import's format from the file name, or null when not CSV or xlsx. */
export function fileFormat(name: string): "csv" | "xlsx" | null {
  const ext = name.toLowerCase().split(".").pop();
  return ext === "csv" ? "csv" : ext === "xlsx" ? "xlsx" : null;
}

/** Units in tree order with their depth (for a picker that indents teams under departments). */
export function unitOptions(units: Unit[]): Array<{ unit: Unit; depth: number }> {
  const active = units.filter((u) => u.status !== "closed");
  const ids = new Set(active.map((u) => u.unit_id));
  const kids = new Map<string, Unit[]>();
  for (const u of active) {
    const p = u.parent_id && ids.has(u.parent_id) ? u.parent_id : "";
    kids.set(p, [...(kids.get(p) ?? []), u]);
  }
  const out: Array<{ unit: Unit; depth: number }> = [];
  const walk = (parent: string, depth: number) => {
    for (const u of (kids.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.unit_id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

/** People whose name, email or employee number contains the query (case-insensitive). */
export function searchPeople(people: Person[], query: string, limit = 20): Person[] {
  const q = query.trim().toLowerCase();
  const hits = q
    ? people.filter((p) => [p.name, p.email ?? "", p.employee_no ?? ""].some((s) => s.toLowerCase().includes(q)))
    : people;
  return hits.slice(0, limit);
}
