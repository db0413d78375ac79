/** The attendance API (punches, daily results, 补卡, team day, month lock): types and one function per endpoint. */
import { client } from "./index";

export type DayStatus =
  | "present"
  | "late"
  | "left_early"
  | "late_and_left_early"
  | "short_hours"
  | "missing_punch"
  | "absent"
  | "on_leave"
  | "rest"
  | "business_trip";

export interface Punch {
  person_id: string;
  at: string;
  source: "mobile" | "import" | "correction";
  site_id: string | null;
  inside: boolean | null;
  reason: string;
}
export interface DayRecord {
  person_id: string;
  date: string;
  status: DayStatus;
  day_kind: string;
  shift_id: string | null;
  late_minutes: number;
  early_minutes: number;
  /** flexible hours: minutes short of the total (工时不足) */
  short_minutes?: number;
  check_in: string | null;
  check_out: string | null;
  leave_days: number;
  leave_type: string | null;
  trip_days?: number;
  /** overtime the punches show, in half hours: flagged for a request, never paid as such */
  overtime_minutes?: number;
  overtime_reason?: "rest_day" | "holiday" | "after_shift" | null;
  overtime_approved?: boolean;
}
export interface MonthRecord {
  person_id: string;
  month: string;
  scheduled_days: string;
  present_days: string;
  late_count: number;
  late_minutes: number;
  early_leave_count: number;
  absent_days: string;
  leave_days: Record<string, string>;
  overtime_hours: Record<string, string>;
  trip_days?: string;
  /** Late corrections of earlier locked months carried into this one (absent from older servers). */
  adjustments?: AdjustmentRecord[];
}
/** One figure of a locked month changed by a late correction: paid with the month that carries it. */
export interface AdjustmentRecord {
  month: string;
  field: string;
  delta: string;
  was: string;
  reason: string;
  correction_id: string;
}
export type LateStatus = "present" | "absent" | "on_leave";
export interface LateCorrectionBody {
  person_id: string;
  date: string;
  status: LateStatus | null;
  leave_type: string | null;
  overtime_hours: string | null;
  reason: string;
}
export interface LateCorrection extends LateCorrectionBody {
  correction_id: string;
  month: string;
  target_month: string;
  adjustments: AdjustmentRecord[];
  created_by: string;
  created_at: string;
  version: number;
}
export type ShiftKind = "fixed" | "flexible";
/** 双休 (Sat + Sun), 单休 (Sun), 大小周 (a six-day week, then a five-day one, from the anchor's week) */
export type RestPattern = "double" | "single" | "alternating";
export interface ShiftDef {
  code: string;
  name: string;
  /** flexible: the span that counts (earliest check-in, latest check-out) */
  start: string;
  end: string;
  grace_minutes: number;
  kind?: ShiftKind;
  core_start?: string | null;
  core_end?: string | null;
  required_minutes?: number | null;
  rest_pattern?: RestPattern;
  rest_anchor?: string | null;
  built_in?: boolean;
}
export type ShiftCreate = Omit<ShiftDef, "built_in">;
export interface ShiftAssignment {
  target: "person" | "unit";
  target_id: string;
  shift: string;
  valid_from: string;
}
export interface Today {
  date: string;
  punches: Punch[];
  result: DayRecord | null;
  shift: ShiftDef;
}
export interface MonthView {
  person_id: string;
  month: string;
  locked: boolean;
  days: DayRecord[];
  summary: MonthRecord;
  /** the month's days off for this person: their rest pattern and the company calendar */
  rest_days?: string[];
}
export interface Correction {
  correction_id: string;
  person_id: string;
  at: string;
  reason: string;
  status: "pending" | "pending_hr" | "approved" | "rejected" | "cancelled";
  version: number;
}
export interface TeamDay {
  person_id: string;
  name: string;
  result: DayRecord | null;
}
export interface MonthStatus {
  month: string;
  locked: boolean;
  locked_by: string | null;
  locked_at: string | null;
  /** Late corrections of this locked month carried into a later one (HR only; absent from older servers). */
  corrections?: number;
}
export interface ClockInBody {
  latitude?: number;
  longitude?: number;
  accuracy_m?: number;
  reason?: string;
}

export type RequestStatus = "pending" | "pending_hr" | "approved" | "rejected" | "cancelled";
export interface Trip {
  trip_id: string;
  person_id: string;
  start: string;
  end: string;
  start_half: "am" | "pm";
  end_half: "am" | "pm";
  days: number;
  destination: string;
  reason: string;
  status: RequestStatus;
  comment: string;
  version: number;
}
export interface TripBody {
  start: string;
  end: string;
  start_half: "am" | "pm";
  end_half: "am" | "pm";
  destination: string;
  reason: string;
  idempotency_key: string;
}
export interface Overtime {
  overtime_id: string;
  person_id: string;
  date: string;
  day_kind: string;
  hours: number;
  multiplier: number;
  bank: boolean;
  reason: string;
  status: RequestStatus;
  month_hours: number;
  over_monthly_cap: boolean;
  version: number;
}

const enc = encodeURIComponent;

export const attendanceApi = {
  clockIn: (body: ClockInBody, key: string) =>
    client.post<Punch>("/attendance/punches", body, { headers: { "Idempotency-Key": key } }),
  today: () => client.get<Today>("/attendance/me/today"),
  month: (personId: string, month: string) => client.get<MonthView>(`/attendance/people/${enc(personId)}/month`, { month }),
  fileCorrection: (at: string, reason: string, key: string) =>
    client.post<Correction>("/attendance/corrections", { at, reason, idempotency_key: key }),
  corrections: async () => (await client.get<{ items: Correction[] }>("/attendance/corrections/queue")).items,
  decideCorrection: (id: string, version: number, approve: boolean) =>
    client.post<Correction>(`/attendance/corrections/${enc(id)}/decision`, { version, approve }),
  team: (day?: string) => client.get<{ date: string; items: TeamDay[] }>("/attendance/team/day", day ? { day } : {}),
  status: (month: string) => client.get<MonthStatus>("/attendance/months/status", { month }),
  summaries: (month: string) =>
    client.get<{ month: string; locked: boolean; items: MonthRecord[] }>("/attendance/months/summaries", { month }),
  lock: (month: string) => client.post<MonthStatus>("/attendance/months/lock", { month }),
  /** ``force``: unlock although the month has late corrections (else 409 attendance.unlock_has_corrections). */
  unlock: (month: string, reason: string, force = false) =>
    client.post<MonthStatus>("/attendance/months/unlock", { month, reason, force }),
  fileTrip: (body: TripBody) => client.post<Trip>("/attendance/trips", body),
  trips: async (personId: string) =>
    (await client.get<{ items: Trip[] }>(`/attendance/people/${enc(personId)}/trips`, { limit: 50 })).items,
  tripQueue: async () => (await client.get<{ items: Trip[] }>("/attendance/trips/queue", { limit: 50 })).items,
  decideTrip: (id: string, version: number, approve: boolean) =>
    client.post<Trip>(`/attendance/trips/${enc(id)}/decision`, { version, approve }),
  cancelTrip: (id: string, version: number) => client.post<Trip>(`/attendance/trips/${enc(id)}/cancel`, { version }),
  fileOvertime: (date: string, hours: number, reason: string, key: string) =>
    client.post<Overtime>("/attendance/overtime", { date, hours, reason, idempotency_key: key }),
  overtime: async (personId: string) =>
    (await client.get<{ items: Overtime[] }>(`/attendance/people/${enc(personId)}/overtime`, { limit: 50 })).items,
  overtimeQueue: async () => (await client.get<{ items: Overtime[] }>("/attendance/overtime/queue", { limit: 50 })).items,
  decideOvertime: (id: string, version: number, approve: boolean) =>
    client.post<Overtime>(`/attendance/overtime/${enc(id)}/decision`, { version, approve }),
  shifts: async () => (await client.get<{ items: ShiftDef[] }>("/attendance/shifts")).items,
  addShift: (body: ShiftCreate) => client.post<ShiftDef>("/attendance/shifts", body),
  assignments: async () => (await client.get<{ items: ShiftAssignment[] }>("/attendance/shift-assignments")).items,
  assign: (body: ShiftAssignment) => client.request<ShiftAssignment>("PUT", "/attendance/shift-assignments", { body }),
  lateCorrect: (body: LateCorrectionBody, key: string) =>
    client.post<LateCorrection>("/attendance/months/corrections", body, { headers: { "Idempotency-Key": key } }),
  lateCorrections: async (month: string) =>
    (await client.get<{ month: string; items: LateCorrection[] }>("/attendance/months/corrections", { month })).items,
};

/** The body HR's shift form sends: flexible fields only for a flexible shift, the anchor only for 大小周. */
export function shiftBody(form: {
  code: string;
  name: string;
  kind: ShiftKind;
  start: string;
  end: string;
  grace_minutes: number;
  core_start: string;
  core_end: string;
  required_hours: number;
  rest_pattern: RestPattern;
  rest_anchor: string;
}): ShiftCreate {
  const body: ShiftCreate = {
    code: form.code.trim(),
    name: form.name.trim(),
    kind: form.kind,
    start: form.start,
    end: form.end,
    grace_minutes: Number(form.grace_minutes) || 0,
    rest_pattern: form.rest_pattern,
  };
  if (form.kind === "flexible") {
    body.core_start = form.core_start;
    body.core_end = form.core_end;
    body.required_minutes = Math.round(Number(form.required_hours) * 60);
  }
  if (form.rest_pattern === "alternating") body.rest_anchor = form.rest_anchor || null;
  return body;
}

/** The days of the month (1…31) from "YYYY-MM-DD" dates, for "休息日：6、12、13". */
export function restDayNumbers(days: string[] | undefined): number[] {
  return (days ?? []).map((d) => Number(d.slice(8, 10)));
}

/** How to name an adjusted figure: "absent_days" -> attendance.figure.absent_days, "leave_days.sick" -> the
 * leave type's own name, "overtime_hours.restday" -> attendance.figure.overtime_restday. */
export function figureKey(field: string): { key: string; leaveType?: string } {
  const [group, sub = ""] = field.split(".");
  if (group === "leave_days") return { key: "attendance.figure.leave", leaveType: sub };
  if (group === "overtime_hours") return { key: `attendance.figure.overtime_${sub}` };
  return { key: `attendance.figure.${group}` };
}

/** A signed decimal string for display: "1" -> "+1", "-0.5" stays. */
export function signed(delta: string): string {
  return delta.startsWith("-") ? delta : `+${delta}`;
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** One line per late correction carried into the month, its figures with their units:
 * "10 月更正：旷工 −1 天，病假 +1 天（补交病假条）". ``leaveName`` names a leave type by its code. */
export function carriedLines(list: AdjustmentRecord[] | undefined, t: Translate, leaveName: (code: string) => string): string[] {
  const byCorrection = new Map<string, AdjustmentRecord[]>();
  for (const a of list ?? []) byCorrection.set(a.correction_id, [...(byCorrection.get(a.correction_id) ?? []), a]);
  return [...byCorrection.values()].map((items) => {
    const figures = items.map((a) => {
      const { key, leaveType } = figureKey(a.field);
      const d = signed(a.delta).replace(/^-/, "\u2212");
      const name = leaveType === undefined ? "" : leaveName(leaveType);
      return t(key.replace("attendance.figure.", "attendance.carried."), { d, name });
    });
    const [first] = items;
    return t("attendance.carried.line", {
      month: Number(first.month.slice(5)),
      ym: first.month,
      items: figures.join(t("attendance.carried.sep")),
      reason: first.reason,
    });
  });
}

/** The colour class of a day's status (the month view and the team list share it). */
export function statusTone(status: DayStatus | undefined): string {
  if (!status) return "none";
  if (status === "present" || status === "business_trip") return "ok";
  if (status === "on_leave" || status === "rest") return "calm";
  if (status === "absent") return "bad";
  // short_hours, like late / left early / a missing punch, is a warning
  return "warn";
}

/** "YYYY-MM" of a date, and the month before / after. */
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  return monthOf(new Date(y, m - 1 + delta, 1));
}

/** Today's date (YYYY-MM-DD) on the phone's clock, in its own time zone (not UTC). */
export function localToday(d: Date = new Date()): string {
  return `${monthOf(d)}-${String(d.getDate()).padStart(2, "0")}`;
}
