/** The attendance API (punches, daily results, 补卡, team day, month lock): types and one function per endpoint. */
import { client } from "./index";

export type DayStatus =
  | "present"
  | "late"
  | "left_early"
  | "late_and_left_early"
  | "missing_punch"
  | "absent"
  | "on_leave"
  | "rest";

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
  check_in: string | null;
  check_out: string | null;
  leave_days: number;
  leave_type: string | null;
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
export interface ShiftDef {
  code: string;
  name: string;
  start: string;
  end: string;
  grace_minutes: number;
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
}
export interface ClockInBody {
  latitude?: number;
  longitude?: number;
  accuracy_m?: number;
  reason?: string;
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
  unlock: (month: string, reason: string) => client.post<MonthStatus>("/attendance/months/unlock", { month, reason }),
  lateCorrect: (body: LateCorrectionBody, key: string) =>
    client.post<LateCorrection>("/attendance/months/corrections", body, { headers: { "Idempotency-Key": key } }),
  lateCorrections: async (month: string) =>
    (await client.get<{ month: string; items: LateCorrection[] }>("/attendance/months/corrections", { month })).items,
};

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

/** The colour class of a day's status (the month view and the team list share it). */
export function statusTone(status: DayStatus | undefined): string {
  if (!status) return "none";
  if (status === "present") return "ok";
  if (status === "on_leave" || status === "rest") return "calm";
  if (status === "absent") return "bad";
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
