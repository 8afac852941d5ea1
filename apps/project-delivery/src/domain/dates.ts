/** Calendar dates ("YYYY-MM-DD") as whole days since 1970-01-01, always in UTC. */
const DAY_MS = 86_400_000;

export function toEpochDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days);

export const daysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

/** Today's date in UTC: the platform's one calendar for "no time in the future". */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
