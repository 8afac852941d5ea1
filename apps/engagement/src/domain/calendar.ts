const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Monday to Friday days in [from, to], both ends included; 0 when the range is empty. */
export function workingDaysBetween(from: string, to: string): number {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (end < start) return 0;
  let count = 0;
  for (let day = start; day <= end; day++) {
    // Day 0 of the epoch (1970-01-01) was a Thursday: 0 = Thu … 2 = Sat, 3 = Sun.
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
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
