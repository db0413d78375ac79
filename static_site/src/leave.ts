/** Pure helpers of the leave and calendar screens (tested in tests/leave.test.ts). */
import type { CalendarDay, LeaveRequest, LeaveType } from "./api/leave";

/** The month's days in weeks, Monday first, with blanks before the 1st and after the last day. */
export function monthGrid(days: CalendarDay[]): Array<Array<CalendarDay | null>> {
  if (!days.length) return [];
  const first = new Date(`${days[0].date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7;
  const cells: Array<CalendarDay | null> = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<CalendarDay | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The month before or after: shiftMonth(2026, 12, 1) -> {year: 2027, month: 1}. */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** A leave type's name in the UI language (zh-CN when the other is missing). */
export function typeName(type: LeaveType | undefined, code: string, locale: string): string {
  if (!type) return code;
  return type.name[locale] ?? type.name["zh-CN"] ?? code;
}

/** Whether the person may still withdraw the request (pending, or approved: the days come back). */
export function canCancel(request: LeaveRequest): boolean {
  return ["pending", "pending_hr", "approved"].includes(request.status);
}

/** The dates of a request as shown: "2026-10-08 – 10-09", a half day marked. */
export function requestDates(r: Pick<LeaveRequest, "start" | "end" | "start_half" | "end_half">, halfLabel: (h: "am" | "pm") => string): string {
  const start = r.start + (r.start_half === "pm" ? ` ${halfLabel("pm")}` : "");
  const endShort = r.end.slice(0, 4) === r.start.slice(0, 4) ? r.end.slice(5) : r.end;
  const end = endShort + (r.end_half === "am" ? ` ${halfLabel("am")}` : "");
  return r.start === r.end && r.start_half === "am" && r.end_half === "pm" ? r.start : `${start} – ${end}`;
}

/** A fresh idempotency key for one request form (a retry of the same submit reuses it). */
export function newIdempotencyKey(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return random.slice(0, 60);
}
