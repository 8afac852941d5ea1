const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  return new Date(0).setUTCFullYear(y, m - 1, d) / DAY_MS;
}

/**
 * Monday to Friday days among the first `n` days counted from a Monday: 5 per whole week plus
 * the weekdays of the last, partial week. Works for negative `n` too (floor division).
 */
function weekdaysFromMonday(n: number): number {
  const weeks = Math.floor(n / 7);
  return weeks * 5 + Math.min(n - weeks * 7, 5);
}

/**
 * Monday to Friday days in [from, to], both ends included; 0 when the range is empty. A formula,
 * not a loop over the days: its cost never grows with the range (issue 17, a 9999-year engagement
 * froze the subgraph). Day 0 of the epoch (1970-01-01) was a Thursday, 3 days after a Monday.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (end < start) return 0;
  return weekdaysFromMonday(end + 1 + 3) - weekdaysFromMonday(start + 3);
}

/** The common part of two date ranges, or null when they do not meet. */
export function overlap(
  a: { from: string; to: string },
  b: { from: string; to: string },
): { from: string; to: string } | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Start of the UTC day of a "YYYY-MM-DD" date. */
export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
