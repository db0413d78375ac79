/** Pure helpers for the period pickers of the director's dashboard and HR's desk (tested without a browser). */

/** Next, this and last year: what the director's dashboard offers. */
export function yearsAround(thisYear: string): string[] {
  const y = Number(thisYear);
  return [String(y + 1), String(y), String(y - 1)];
}

/** The periods HR can narrow the desk to: the years around this one, with this year's quarters after it. */
export function deskPeriods(thisYear: string): string[] {
  const [next, current, last] = yearsAround(thisYear);
  const quarters = [1, 2, 3, 4].map((q) => `${current}-Q${q}`);
  return [next, current, ...quarters, last];
}
