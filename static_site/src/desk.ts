/** Pure helpers for HR's desk (tested without a browser). */

/** The periods HR can narrow the desk to: last, this and next year, and this year's quarters. */
export function deskPeriods(thisYear: string): string[] {
  const y = Number(thisYear);
  const quarters = [1, 2, 3, 4].map((q) => `${y}-Q${q}`);
  return [String(y + 1), String(y), ...quarters, String(y - 1)];
}
