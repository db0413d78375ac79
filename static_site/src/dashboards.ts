/**
 * View models for the dashboard screens, built from the API's responses. Pure, so tested directly:
 * the unit dashboard's indicators (GET /dashboards/units/{id}), HR's reminders per day, and the
 * employee's own view (their review history).
 */
import { formatPeriod, type Locale } from "./format";
import type { History, MyDashboard, ReminderSent, StepValue, UnitDashboard, UnitIndicator, UnitIndicatorOut } from "./api/types";

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A trend step's label: "4月" / "Apr" for a month, "4/12" for a day of a monthly cycle. */
export function stepLabel(step: StepValue, stepUnit: "month" | "day", locale: Locale): string {
  const [, m, d] = step.start.split("-").map(Number);
  if (stepUnit === "day") return `${m}/${d}`;
  return locale === "en" ? EN_MONTHS[m - 1] : `${m}月`;
}

/** "较2026年5月 -20%" / "-20% vs May 2026": a measure's change against what the drivers compare with. */
export function changeNote(changePct: number, reference: string | null, locale: Locale): string {
  const pct = `${changePct > 0 ? "+" : ""}${changePct}%`;
  const ref = reference ? formatPeriod(reference, locale) : null;
  if (locale === "en") return `${pct} vs ${ref ?? "last period"}`;
  return `较${ref ?? "上期"} ${pct}`;
}

/** Indicator cards for a unit: "客户转化率 · 陈静", at-risk first (the API's order), with trend and drivers. */
export function unitIndicators(dashboard: UnitDashboard, locale: Locale): UnitIndicator[] {
  return indicatorCards(dashboard.indicators, dashboard.cycle?.step_unit ?? "month", locale, true);
}

/**
 * Cards from the API's indicators (the unit dashboard's, or my own from GET /dashboards/me).
 * The forecast carries its value and risk only: the API's sentence has raw numbers in it
 * ("预计期末 2307.16…"), so the card words the forecast itself with formatted values.
 */
export function indicatorCards(items: UnitIndicatorOut[], stepUnit: "month" | "day", locale: Locale, withPerson: boolean): UnitIndicator[] {
  return items.map((it) => ({
    indicator_id: `${it.person_id}:${it.indicator_id}`,
    name: withPerson ? `${it.name} · ${it.person_name}` : it.name,
    unit: it.value_unit,
    direction: it.direction,
    actual: it.actual,
    target: it.target,
    band_low: it.band_low,
    band_high: it.band_high,
    weight: it.weight,
    trend: it.trend.map((p) => ({ label: stepLabel(p, stepUnit, locale), actual: p.value })),
    drivers: it.drivers.map((d) => ({
      name: d.name || d.measure,
      effect: d.effect,
      unit: it.value_unit,
      note: d.change_pct != null ? changeNote(d.change_pct, it.reference_period, locale) : undefined,
    })),
    // No actuals yet means nothing to project: no "on track" tag either.
    forecast: it.forecast.projected == null ? null : { value: it.forecast.projected, at_risk: it.forecast.at_risk },
  }));
}

export function myDashboardFromHistory(history: History): MyDashboard {
  const entries = [...history.items].sort((a, b) => b.period.localeCompare(a.period));
  const latest = entries[0];
  return {
    actuals: (latest?.indicators ?? []).map((i) => ({
      indicator_id: i.indicator_id,
      name: i.name,
      unit: i.unit ?? "count",
      direction: i.direction,
      actual: i.value ?? null,
      target: i.target ?? null,
      band_low: i.band_low ?? null,
      band_high: i.band_high ?? null,
      weight: i.weight,
    })),
    reviews: entries.map((e) => ({
      review_id: e.cycle_id,
      cycle: e.cycle_name,
      period: e.period,
      score: e.total ?? null,
      rating: e.final_rating ?? null,
      state: e.stage,
    })),
  };
}

export interface ReminderDay {
  day: string;
  email: number;
  chat: number;
  failed: ReminderSent[];
  sent: ReminderSent[];
}

/** HR's "reminders sent", one row per day (newest first): how many went out, and each failure by name. */
export function reminderDays(reminders: ReminderSent[]): ReminderDay[] {
  const byDay = new Map<string, ReminderDay>();
  for (const r of reminders) {
    const d = byDay.get(r.day) ?? { day: r.day, email: 0, chat: 0, failed: [], sent: [] };
    if (r.status === "failed") d.failed.push(r);
    else {
      d.sent.push(r);
      if (r.channel === "email") d.email += 1;
      else d.chat += 1;
    }
    byDay.set(r.day, d);
  }
  return [...byDay.values()].sort((a, b) => b.day.localeCompare(a.day));
}

/** Self reviews, manager reviews and acknowledgements as progress rows (a cycle's or a team's). */
export function reviewProgressRows(
  p: { self_reviews_submitted: number; manager_reviews_submitted: number; acknowledged: number },
  t: (key: string) => string,
): Array<{ key: string; label: string; value: number }> {
  return [
    { key: "self", label: t("unit.selfDone"), value: p.self_reviews_submitted },
    { key: "manager", label: t("unit.managerDone"), value: p.manager_reviews_submitted },
    { key: "acknowledged", label: t("unit.acknowledged"), value: p.acknowledged },
  ];
}
