/**
 * What each list screen exports: its rows as the screen names them (people's names, units' names,
 * states in the UI's language), never ids. Pure: the screens pass the translator and name lookups.
 */
import type { Cell, Sheet } from "./xlsx";
import type { DepartmentRollout, IndicatorSetSummary, Person, ResultRow, RolloutCounts, Task } from "../api/types";
import type { LeaveRequest } from "../api/leave";

type T = (key: string, params?: Record<string, unknown>) => string;
type Name = (id?: string | null) => string;
const col = (t: T, ...keys: string[]) => keys.map((k) => t(`exportList.col.${k}`));

export function peopleSheet(people: Person[], t: T, unit: Name, position: Name, roles: (p: Person) => string): Sheet {
  return {
    name: t("setup.people"),
    columns: col(t, "employeeNo", "name", "unit", "position", "email", "account"),
    rows: people.map((p) => [p.employee_no ?? "", p.name, unit(p.unit_id), position(p.position_id), p.email ?? "", roles(p)]),
  };
}

export function tasksSheet(tasks: Task[], t: T, person: Name): Sheet {
  return {
    name: t("collab.tasks"),
    columns: col(t, "title", "assignee", "deadline", "status", "checklist"),
    rows: tasks.map((x) => [
      x.title,
      person(x.assignee_id),
      x.deadline,
      t(`collab.status.${x.status}`),
      x.checklist.length ? `${x.checklist.filter((c) => c.done).length}/${x.checklist.length}` : "",
    ]),
  };
}

export function resultsSheet(rows: ResultRow[], t: T, unit: Name): Sheet {
  return {
    name: t("reviews.manager.teamTitle"),
    columns: col(t, "name", "unit", "total", "rating", "finalRating"),
    rows: rows.map((r): Cell[] => [r.name, unit(r.unit_id), r.total ?? null, r.rating ?? "", r.final_rating ?? ""]),
  };
}

export function leaveSheet(requests: LeaveRequest[], t: T, typeName: (code: string) => string): Sheet {
  return {
    name: t("leave.title"),
    columns: col(t, "leaveType", "start", "end", "amount", "status", "reason"),
    rows: requests.map((r): Cell[] => [
      typeName(r.leave_type),
      `${r.start} ${t(`leave.half.${r.start_half}`)}`,
      `${r.end} ${t(`leave.half.${r.end_half}`)}`,
      r.amount,
      t(`leave.status.${r.status}`),
      r.reason,
    ]),
  };
}

export function setsSheet(sets: IndicatorSetSummary[], t: T, unit: Name): Sheet {
  return {
    name: t("exportList.setsName"),
    columns: col(t, "title", "unit", "period", "status", "indicators", "weight", "blocking"),
    rows: sets.map((s): Cell[] => [
      s.title ?? "",
      unit(s.unit_id),
      s.period,
      t(`status.${s.state}`),
      s.indicator_count,
      s.total_weight,
      s.blocking_findings,
    ]),
  };
}

/** The director's table: one row per department of the period, completion as a number (0..1). */
export function rolloutSheet(departments: DepartmentRollout[], t: T, states: Array<keyof RolloutCounts>): Sheet {
  return {
    name: t("rollout.byDept"),
    columns: [t("rollout.department"), t("exportList.col.people"), t("rollout.completion"), ...states.map((s) => t(`status.${s}`)), t("rollout.compliance")],
    rows: departments.map((d): Cell[] => [
      d.name,
      d.people,
      Math.round(d.completion * 10000) / 10000,
      ...states.map((s) => d.counts[s] ?? 0),
      d.compliance_problems,
    ]),
  };
}
