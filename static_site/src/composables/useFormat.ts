/** format.ts bound to the current UI locale, for templates. */
import { computed } from "vue";
import { useI18n } from "vue-i18n";
import * as f from "../format";
import type { Finding, Localized } from "../api/types";
import { findingText, type FindingSubject } from "../findings";

export function localized(value: Localized | null | undefined, locale: f.Locale): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value[locale] ?? value["zh-CN"] ?? value.en ?? "";
}

export function useFormat() {
  const { locale, t } = useI18n();
  const l = computed(() => (locale.value === "en" ? "en" : "zh-CN") as f.Locale);
  return {
    locale: l,
    value: (v: number | null | undefined, unit: f.ValueUnit) => f.formatValue(v, unit, l.value),
    percent: (v: number | null | undefined) => f.formatPercent(v, l.value),
    cny: (v: number | null | undefined) => f.formatCNY(v, l.value),
    number: (v: number) => f.formatNumber(v, l.value),
    date: (v: string | null | undefined, withTime = false) => f.formatDate(v, l.value, { withTime }),
    period: (v: string | null | undefined) => f.formatPeriod(v, l.value),
    gap: (
      a: number | null | undefined,
      t: number | null | undefined,
      unit: f.ValueUnit,
      d: f.Direction,
      band?: { low?: number | null; high?: number | null },
    ) => f.gap(a, t, unit, d, l.value, band),
    gapAmount: (v: number, unit: f.ValueUnit) => f.formatGapAmount(v, unit, l.value),
    text: (v: Localized | null | undefined) => localized(v, l.value),
    /** A compliance finding by its code (src/findings.ts); `subjects`: the indicators on the screen. */
    finding: (f: Pick<Finding, "code" | "message" | "indicator_id">, subjects: FindingSubject[] = [], totalWeight?: number | string) =>
      findingText(f, (key, params) => t(key, params), l.value, subjects, totalWeight),
  };
}
