/**
 * Dashboard read models built from what the API already has, used while the /dashboards/*
 * endpoints are not live: the unit view from the review forecast (+ the sets' KPI objects for
 * units and directions), the employee view from their review history. Pure, so tested directly.
 */
import type { Locale } from "./format";
import type { Forecast, History, Indicator, MyDashboard, UnitDashboard, UnitIndicator } from "./api/types";

export function unitDashboardFromForecast(
  forecast: Forecast,
  indicatorsById: Map<string, Indicator>,
  locale: Locale,
): UnitDashboard {
  const indicators: UnitIndicator[] = forecast.items.map((it) => {
    const kpi = indicatorsById.get(it.indicator_id);
    const unit = kpi?.unit ?? "count";
    return {
      indicator_id: `${it.person_id}:${it.indicator_id}`,
      name: `${it.indicator_name} · ${it.person_name}`,
      unit,
      direction: kpi?.direction ?? "higher_is_better",
      actual: it.current ?? null,
      target: it.target ?? kpi?.target ?? null,
      band_low: kpi?.band_low ?? null,
      band_high: kpi?.band_high ?? null,
      weight: kpi?.weight ?? null,
      drivers: (it.drivers ?? []).map((d) => ({
        name: d.name || d.measure,
        effect: d.effect,
        unit,
        note:
          d.change_pct != null
            ? locale === "en"
              ? `${d.change_pct > 0 ? "+" : ""}${d.change_pct}% vs last period`
              : `较上期 ${d.change_pct > 0 ? "+" : ""}${d.change_pct}%`
            : undefined,
      })),
      forecast: {
        value: it.projected ?? null,
        at_risk: it.at_risk,
        note: it.message?.[locale] ?? it.message?.["zh-CN"],
      },
    };
  });
  // At-risk first, then by name, so the problems are on top.
  indicators.sort((a, b) => Number(!!b.forecast?.at_risk) - Number(!!a.forecast?.at_risk) || String(a.name).localeCompare(String(b.name)));
  return { period: forecast.period, indicators };
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
