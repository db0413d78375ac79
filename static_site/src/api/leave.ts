/** The attendance API (calendar and leave): its types and one function per endpoint the screens use. */
import { client } from "./index";
import { allPages, type Page } from "./pages";

export type DayKind = "workday" | "makeup_workday" | "rest_day" | "holiday_rest" | "statutory_holiday";
export type LeaveUnit = "day" | "hour";
export type RequestStatus = "pending" | "pending_hr" | "approved" | "rejected" | "cancelled";
export type Half = "am" | "pm";

export interface CalendarDay {
  date: string;
  kind: DayKind;
  working: boolean;
  festival: string | null;
  note: string;
  overridden: boolean;
}
export interface CalendarMonth {
  year: number;
  month: number;
  announced: boolean;
  working_days: number;
  days: CalendarDay[];
}
export interface LeaveType {
  code: string;
  name: Record<string, string>;
  unit: LeaveUnit;
  paid: boolean;
  tracked: boolean;
  advance_allowed: boolean;
  counts: "working_days" | "calendar_days";
  hr_approval_over: number | null;
  built_in: boolean;
}
export interface Balance {
  leave_type: string;
  unit: LeaveUnit;
  balance: number;
}
export interface LedgerEntry {
  entry_id: string;
  leave_type: string;
  kind: "grant" | "take" | "cancel" | "expire" | "adjust" | "encash";
  amount: number;
  on: string;
  expires: string | null;
  reason: string;
}
export interface LeaveRequest {
  request_id: string;
  person_id: string;
  leave_type: string;
  start: string;
  end: string;
  start_half: Half;
  end_half: Half;
  amount: number;
  unit: LeaveUnit;
  reason: string;
  status: RequestStatus;
  approver_person_id: string | null;
  comment: string;
  created_at: string;
  version: number;
}
export interface LeaveRequestCreate {
  leave_type: string;
  start: string;
  end: string;
  start_half: Half;
  end_half: Half;
  hours?: number;
  reason: string;
  idempotency_key: string;
}

const enc = encodeURIComponent;

export const leaveApi = {
  calendar: (year: number, month: number) => client.get<CalendarMonth>("/attendance/calendar", { year, month }),
  setDay: (date: string, kind: DayKind, note: string) =>
    client.request<CalendarDay>("PUT", "/attendance/calendar/overrides", { body: { date, kind, note } }),
  clearDay: (date: string) => client.request<null>("DELETE", "/attendance/calendar/overrides", { body: { date } }),
  types: async () => (await client.get<{ items: LeaveType[] }>("/attendance/leave-types")).items,
  balances: async (personId: string) =>
    (await client.get<{ items: Balance[] }>(`/attendance/people/${enc(personId)}/balances`)).items,
  ledger: (personId: string, leaveType: string) =>
    client.get<Page<LedgerEntry>>(`/attendance/people/${enc(personId)}/ledger`, { leave_type: leaveType, limit: 50 }),
  requests: (personId: string, cursor?: string) =>
    client.get<Page<LeaveRequest>>(`/attendance/people/${enc(personId)}/leave-requests`, { limit: 20, cursor }),
  file: (body: LeaveRequestCreate) => client.post<LeaveRequest>("/attendance/leave-requests", body),
  queue: async () =>
    (await allPages<Page<LeaveRequest>>((cursor) =>
      client.get<Page<LeaveRequest>>("/attendance/leave-requests/queue", { limit: 200, cursor }))).items,
  decide: (id: string, version: number, approve: boolean, comment = "") =>
    client.post<LeaveRequest>(`/attendance/leave-requests/${enc(id)}/decision`, { version, approve, comment }),
  cancel: (id: string, version: number) =>
    client.post<LeaveRequest>(`/attendance/leave-requests/${enc(id)}/cancel`, { version }),
};
