/**
 * Calendar dates, once for the platform: "YYYY-MM-DD" strings in UTC (no time zones in
 * periods, allocations or handoff deadlines). Instants (Date) appear only where a moment is
 * meant (startOfDay, addDaysToInstant). Nothing here reads the clock: "today" is passed in.
 */

const DAY_MS = 86_400_000;

const parts = (date: string): [number, number, number] => [
  Number(date.slice(0, 4)),
  Number(date.slice(5, 7)),
  Number(date.slice(8, 10)),
];

const format = (d: Date): string => d.toISOString().slice(0, 10);

/** Whole days since 1970-01-01. */
export function toEpochDay(date: string): number {
  const [y, m, d] = parts(date);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  return Math.floor(new Date(0).setUTCFullYear(y, m - 1, d) / DAY_MS);
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` later (earlier when negative). */
export const addDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

/** The UTC date of an instant: pass the clock's `now` for "today". */
export const utcDate = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

/** Today's date in UTC: the platform's one calendar for "no time in the future". */
export const todayUtc = (now: Date = new Date()): string => utcDate(now);

/** 0 = Sunday … 6 = Saturday, of an epoch day; 1970-01-01 was a Thursday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Monday to Friday days in [from, to], both ends included; 0 when the range is empty. */
export function workingDaysBetween(from: string, to: string): number {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  if (end < start) return 0;
  // A formula, not a loop over the days: its cost never grows with the range (issue 17, a
  // 9999-year engagement froze the subgraph). Epoch day 0 was a Thursday, 3 days after a Monday.
  return weekdaysFromMonday(end + 1 + 3) - weekdaysFromMonday(start + 3);
}

/**
 * Monday to Friday days among the first `n` days counted from a Monday: 5 per whole week plus
 * the weekdays of the last, partial week. Works for negative `n` too (floor division).
 */
function weekdaysFromMonday(n: number): number {
  const weeks = Math.floor(n / 7);
  return weeks * 5 + Math.min(n - weeks * 7, 5);
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

/** Start of the UTC day of a "YYYY-MM-DD" date. */
export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** The instant `days` × 24 h after `at` (a deadline counted from a moment, not a date). */
export function addDaysToInstant(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Months since year 0, so that two months compare and subtract as integers. */
export function monthIndex(date: string): number {
  const [y, m] = parts(date);
  return y * 12 + (m - 1);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function yearStart(date: string): string {
  return `${date.slice(0, 4)}-01-01`;
}

export function monthEnd(date: string): string {
  const [y, m] = parts(date);
  return format(new Date(Date.UTC(y, m, 0)));
}

/** "YYYY-MM" */
export const monthKey = (date: string): string => date.slice(0, 7);

export interface MonthSegment {
  /** "YYYY-MM" */
  month: string;
  from: string;
  to: string;
}

/** The calendar months of [from, to], each clipped to the period. */
export function monthSegments(from: string, to: string): MonthSegment[] {
  const segments: MonthSegment[] = [];
  let start = from;
  while (start <= to) {
    const end = monthEnd(start) < to ? monthEnd(start) : to;
    segments.push({ month: monthKey(start), from: start, to: end });
    start = addDays(end, 1);
  }
  return segments;
}

/** A real calendar date written "YYYY-MM-DD" (not "2026-02-30"). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = parts(value);
  return format(new Date(Date.UTC(y, m - 1, d))) === value;
}
