/**
 * Business trips and overtime seen in the punches: the small rules the screens share.
 *
 * A day's detected overtime is only a flag: it is paid once an overtime request for that date is
 * approved. `overtimeFlag` says what to show on the day — not asked for yet (with a one-tap 补加班申请),
 * asked for and waiting, or approved.
 */
import type { DayRecord, Overtime, Trip } from "./api/attendance";

export type OvertimeState = "unasked" | "asked" | "approved";
export interface OvertimeFlag {
  reason: "rest_day" | "holiday" | "after_shift";
  hours: number;
  state: OvertimeState;
}

/** Minutes as hours in half-hour steps (90 → 1.5; never rounds up). */
export function halfHours(minutes: number): number {
  return Math.floor(minutes / 30) / 2;
}

/** Dates that already have an overtime request waiting or approved (a rejected one may be asked again). */
export function askedDates(requests: Pick<Overtime, "date" | "status">[]): Set<string> {
  return new Set(requests.filter((o) => o.status === "pending" || o.status === "pending_hr" || o.status === "approved").map((o) => o.date));
}

export function overtimeFlag(d: DayRecord, asked: Set<string> = new Set()): OvertimeFlag | null {
  if (!d.overtime_minutes || !d.overtime_reason) return null;
  const state: OvertimeState = d.overtime_approved ? "approved" : asked.has(d.date) ? "asked" : "unasked";
  return { reason: d.overtime_reason, hours: halfHours(d.overtime_minutes), state };
}

/** A trip may be withdrawn while waiting and after approval (the days go back to the shift's rules). */
export function canCancelTrip(trip: Pick<Trip, "status">): boolean {
  return trip.status === "pending" || trip.status === "pending_hr" || trip.status === "approved";
}

export interface TripForm {
  start: string;
  end: string;
  start_half: "am" | "pm";
  end_half: "am" | "pm";
  destination: string;
}

/** The field a trip form must fix before sending (the API checks the same), or null. */
export function tripFormError(f: TripForm): "start" | "end" | "destination" | null {
  if (!f.start) return "start";
  if (!f.end || f.end < f.start) return "end";
  if (f.start === f.end && f.start_half === "pm" && f.end_half === "am") return "end";
  if (!f.destination.trim()) return "destination";
  return null;
}
