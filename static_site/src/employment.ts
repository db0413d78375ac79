/** Employment forms: which fields each contract and lifecycle event takes, and the request bodies (pure). */
import type { ContractCreate, ContractType, DepartureReason, LifecycleEventCreate, LifecycleType } from "./api/types";

export const CONTRACT_TYPES: ContractType[] = ["fixed_term", "open_ended", "per_task", "internship", "labour_dispatch"];
export const EVENT_TYPES: LifecycleType[] = ["hire", "regularise", "transfer", "promotion", "salary_change", "departure", "rehire"];
export const REASONS: DepartureReason[] = ["resignation", "mutual_agreement", "dismissal", "contract_expiry", "retirement", "other"];

/** Events that move the person to a unit (the unit is asked for). */
export const takesUnit = (type: LifecycleType) => ["hire", "transfer", "promotion", "rehire"].includes(type);
/** An open-ended contract has no end date; the others do (a per-task one may leave it empty). */
export const takesEnd = (type: ContractType) => type !== "open_ended";

export interface ContractForm {
  type: ContractType;
  start_date: string;
  end_date: string;
  probation_end: string;
  signed_on: string;
  renews: string;
  note: string;
}

export function contractBody(f: ContractForm): ContractCreate {
  const body: ContractCreate = { type: f.type, start_date: f.start_date, signed_on: f.signed_on || f.start_date };
  if (takesEnd(f.type) && f.end_date) body.end_date = f.end_date;
  if (f.probation_end) body.probation_end = f.probation_end;
  if (f.renews) body.renews = f.renews;
  if (f.note.trim()) body.note = f.note.trim();
  return body;
}

export interface EventForm {
  type: LifecycleType;
  effective_date: string;
  unit_id: string;
  reason: DepartureReason;
  /** departure: who takes over the open tasks (none: the line manager, else the unit's head) */
  hand_over_to?: string | null;
  note: string;
}

/** A departure's last working day is its effective date (sign-in ends that day). */
export function eventBody(f: EventForm): LifecycleEventCreate {
  const body: LifecycleEventCreate = { type: f.type, effective_date: f.effective_date };
  if (takesUnit(f.type) && f.unit_id) body.unit_id = f.unit_id;
  if (f.type === "departure") Object.assign(body, { reason: f.reason, last_working_day: f.effective_date });
  if (f.type === "departure" && f.hand_over_to) body.hand_over_to = f.hand_over_to;
  if (f.note.trim()) body.note = f.note.trim();
  return body;
}

/** Whether an event dated `effective` (yyyy-mm-dd) is still scheduled on `today` (yyyy-mm-dd). */
export const isFuture = (effective: string, today: string) => effective > today;
