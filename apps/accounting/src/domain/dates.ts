/** Calendar dates as "YYYY-MM-DD" strings (UTC); no time zones in accounting periods. */

const parts = (date: string): [number, number, number] => [
  Number(date.slice(0, 4)),
  Number(date.slice(5, 7)),
  Number(date.slice(8, 10)),
];

const format = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
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

export const monthKey = (date: string): string => date.slice(0, 7);

export const utcDate = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

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

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A real calendar date written "YYYY-MM-DD" (not "2026-02-30"). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = parts(value);
  return format(new Date(Date.UTC(y, m - 1, d))) === value;
}
