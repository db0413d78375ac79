/**
 * Pure helpers of the collaboration screens (inbox, tasks, threads, documents): deadlines,
 * @mentions, the edit window, notification links, who may be assigned a task. No Vue, no API.
 */
import type { Me, Person, Unit, Task, TaskStatus, ThreadMessage, ObjectKind } from "./api/types";

const SHANGHAI = "Asia/Shanghai";
const DAY_MS = 86_400_000;

/** Today's date in China ("2026-03-05"): deadlines are calendar days of companies in China. */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: SHANGHAI, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** "2026-03-05" + n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `today` to `deadline` (negative: past). */
export function daysUntil(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

export const ACTIVE_STATUSES: readonly TaskStatus[] = ["open", "in_progress"];

export type DeadlineState = "overdue" | "today" | "soon" | "later" | "closed";

/**
 * How a task's deadline reads: the server's `overdue` flag wins (it knows the time zone it
 * judged in); "soon" is within 3 days. Done and cancelled tasks have no deadline pressure.
 */
export function deadlineState(task: Pick<Task, "deadline" | "status" | "overdue">, today: string): DeadlineState {
  if (!ACTIVE_STATUSES.includes(task.status)) return "closed";
  const days = daysUntil(task.deadline, today);
  if (task.overdue || days < 0) return "overdue";
  if (days === 0) return "today";
  if (days <= 3) return "soon";
  return "later";
}

/** i18n key + params for the deadline hint ("已逾期 2 天", "今天截止", "3 天后截止"). */
export function deadlineText(task: Pick<Task, "deadline" | "status" | "overdue">, today: string): { key: string; n: number } {
  const days = daysUntil(task.deadline, today);
  const state = deadlineState(task, today);
  if (state === "overdue") return { key: "collab.overdueDays", n: Math.max(1, -days) };
  if (state === "today") return { key: "collab.dueToday", n: 0 };
  if (state === "closed") return { key: "collab.dueOn", n: 0 };
  return { key: "collab.dueInDays", n: days };
}

/** Statuses a task may move to (chalicelib/collab/service.py TRANSITIONS). */
export const TRANSITIONS: Record<TaskStatus, TaskStatus[]> = {
  open: ["in_progress", "done", "cancelled"],
  in_progress: ["open", "done", "cancelled"],
  done: ["open", "in_progress"],
  cancelled: [],
};

/** Overdue first, then by deadline; closed tasks last. */
export function sortTasks(tasks: Task[], today: string): Task[] {
  const rank = (t: Task) => (deadlineState(t, today) === "overdue" ? 0 : deadlineState(t, today) === "closed" ? 2 : 1);
  return [...tasks].sort((a, b) => rank(a) - rank(b) || a.deadline.localeCompare(b.deadline) || a.task_id.localeCompare(b.task_id));
}

// ---- @mentions ------------------------------------------------------------------------------

/**
 * The people mentioned in a message: every active person whose name follows an "@" (longest
 * name first, so "@王芳芳" is not read as "@王芳"). Names may contain spaces ("@Li Qiang").
 */
export function parseMentions(body: string, people: Array<Pick<Person, "person_id" | "name">>): string[] {
  const byLength = [...people].filter((p) => p.name).sort((a, b) => b.name.length - a.name.length);
  const found: string[] = [];
  let i = body.indexOf("@");
  while (i !== -1) {
    const rest = body.slice(i + 1);
    // A Latin name must end at a word boundary ("@Li Qiangwei" is not "@Li Qiang"); Chinese text has no spaces.
    const ends = (name: string) => !/[A-Za-z0-9_]$/.test(name) || !/^[A-Za-z0-9_]/.test(rest.slice(name.length));
    const hit = byLength.find((p) => rest.startsWith(p.name) && ends(p.name));
    if (hit && !found.includes(hit.person_id)) found.push(hit.person_id);
    i = body.indexOf("@", i + 1);
  }
  return found.slice(0, 20);
}

/** Insert "@name " at the caret (or the end), with a space before it when needed. */
export function insertMention(body: string, name: string, caret: number = body.length): { body: string; caret: number } {
  const at = Math.max(0, Math.min(caret, body.length));
  const before = body.slice(0, at);
  const gap = before && !/\s$/.test(before) ? " " : "";
  const text = `${gap}@${name} `;
  return { body: before + text + body.slice(at), caret: at + text.length };
}

// ---- thread messages -------------------------------------------------------------------------

export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** The author may edit a message for 15 minutes after posting it (the server checks again). */
export function canEdit(message: Pick<ThreadMessage, "author_user_id" | "created_at">, userId: string | undefined, now: number = Date.now()): boolean {
  if (!userId || message.author_user_id !== userId) return false;
  const at = Date.parse(message.created_at);
  return !Number.isNaN(at) && now - at < EDIT_WINDOW_MS;
}

/** Thread id the API uses: "<kind>:<object id>" (an indicator: "indicator:<set id>.<indicator id>"). */
export function threadId(kind: ObjectKind, objectId: string): string {
  return `${kind}:${objectId}`;
}

// ---- notification links -----------------------------------------------------------------------

/**
 * The route a notification opens. Links are "/#/tasks/ID" (chalicelib/core/links.py); older
 * notifications (kept 180 days) carry API-style paths, mapped here to the same screens.
 */
export function routeOfLink(link: string | null | undefined): string | null {
  if (!link) return null;
  let path = link.trim();
  const hash = path.indexOf("#/");
  if (hash !== -1) return path.slice(hash + 1);
  if (/^https?:/i.test(path)) return null;
  let legacy: RegExpExecArray | null;
  if ((legacy = /^\/collab\/tasks\/([^/?#]+)/.exec(path))) return `/tasks/${legacy[1]}`;
  if ((legacy = /^\/collab\/threads\/task:([^/?#]+)(?:#(.+))?/.exec(path))) return `/tasks/${legacy[1]}${legacy[2] ? `?m=${legacy[2]}` : ""}`;
  if ((legacy = /^\/collab\/threads\/([^/?#]+)(?:#(.+))?/.exec(path))) return `/threads/${legacy[1]}${legacy[2] ? `?m=${legacy[2]}` : ""}`;
  if ((legacy = /^\/collab\/documents\/([^/?#]+)/.exec(path))) return `/documents/${legacy[1]}`;
  if ((legacy = /^\/indicators\/sets\/([^/?#]+)/.exec(path))) return `/hr/sets/${legacy[1]}`;
  if (/^\/indicators\/me\b/.test(path) || /^\/me\/file\b/.test(path)) return "/mine";
  path = path.startsWith("/") ? path : `/${path}`;
  return path;
}

// ---- who may be assigned a task ----------------------------------------------------------------

/**
 * People the caller may assign a task to (the server's rule): HR, admins and executives anyone;
 * a department head the people in the units they head (and below); everyone themselves.
 * People who have left are never offered.
 */
export function assignablePeople(me: Me | null | undefined, people: Person[], units: Unit[]): Person[] {
  if (!me) return [];
  const active = people.filter((p) => p.status !== "left");
  if (me.roles?.some((r) => r === "hr" || r === "admin" || r === "executive")) return active;
  const managed = new Set(me.managed_unit_ids ?? []);
  const paths = new Map(units.map((u) => [u.unit_id, u.path ?? [u.unit_id]]));
  return active.filter(
    (p) => p.person_id === me.person_id || (!!p.unit_id && (paths.get(p.unit_id) ?? [p.unit_id]).some((id) => managed.has(id))),
  );
}

// ---- documents -------------------------------------------------------------------------------

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** chalicelib/collab/service.py CONTENT_TYPES, with the extensions browsers may not type. */
export const DOCUMENT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  csv: "text/csv",
  txt: "text/plain",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  zip: "application/zip",
};

/** The content type the API accepts for a file, or null (by extension; the browser's type may be empty). */
export function documentType(name: string, browserType = ""): string | null {
  const allowed = new Set(Object.values(DOCUMENT_TYPES));
  if (allowed.has(browserType)) return browserType;
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  return DOCUMENT_TYPES[ext] ?? null;
}

/** 1536 -> "1.5 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}
