/**
 * How allocations and time off (AllocationPlanned, TimeOffRecorded) turn into booked hours, shared
 * by the producer (delivery's capacity) and the consumers (accounting's forecast) so both read the
 * events the same way (ARCHITECTURE.md, "Foresight"):
 *
 * - working days are Monday to Friday; an allocation books `hoursPerWeek / 5` on each of them;
 * - time off removes capacity on its working days, and allocated hours on those days do not
 *   happen: a day's booked hours are `max(0, allocation − time off)`, the time off taken from the
 *   member's allocations in the order they were made — CONFIRMED ones first, then TENTATIVE ones,
 *   so a tentative booking never changes what the confirmed ones book (the forecast ignores it).
 *
 * Everything is computed per segment of dates over which nothing changes (bounded by the
 * allocations', time off's and any extra break dates), never day by day: the cost is in the number
 * of allocations, not the length of the range. Amounts are integers in fifths of a minute (a
 * weekly figure in minutes is, per working day, the same number of fifths), so sums are exact.
 */

const DAY_MS = 86_400_000;

export const epochDay = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
};

export const fromEpochDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Monday to Friday within the epoch days [start, end], both inclusive, in constant time. */
export function workingDaysBetween(start: number, end: number): number {
  if (end < start) return 0;
  const days = end - start + 1;
  const fullWeeks = Math.floor(days / 7);
  let count = fullWeeks * 5;
  // At most six leftover days: bounded, whatever the range.
  for (let day = start + fullWeeks * 7; day <= end; day++) {
    const wd = weekdayOf(day);
    if (wd !== 0 && wd !== 6) count += 1;
  }
  return count;
}

export interface BookingAllocation {
  id: string;
  minutesPerWeek: number;
  from: string;
  to: string;
  status: 'TENTATIVE' | 'CONFIRMED';
  /** When it was made (ISO date-time): the order time off is taken in. */
  createdAt: string;
}

export interface BookingTimeOff {
  minutesPerDay: number;
  from: string;
  to: string;
}

export interface BookingSegment {
  from: string;
  to: string;
  workingDays: number;
  /** Booked fifths of a minute per working day, per allocation active in the segment. */
  booked: Array<{ allocationId: string; fifthsPerDay: number }>;
  timeOffFifthsPerDay: number;
}

/** Time off is taken from confirmed allocations first, each group in the order it was made. */
export function bookingOrder<A extends BookingAllocation>(allocations: readonly A[]): A[] {
  return [...allocations].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'CONFIRMED' ? -1 : 1;
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * One member's bookings over [from, to], cut into segments at every date where an allocation or
 * time off starts or ends, and at `breaks` (e.g. the dates a rate changes). Segments without a
 * working day are left out.
 */
export function bookingSegments(
  range: { from: string; to: string },
  allocations: readonly BookingAllocation[],
  timeOff: readonly BookingTimeOff[],
  breaks: readonly string[] = [],
): BookingSegment[] {
  const start = epochDay(range.from);
  const end = epochDay(range.to);
  if (end < start) return [];
  const ordered = bookingOrder(allocations).map((a) => ({
    ...a,
    start: epochDay(a.from),
    end: epochDay(a.to),
  }));
  const offs = timeOff.map((t) => ({ ...t, start: epochDay(t.from), end: epochDay(t.to) }));
  const cuts = new Set<number>([start, end + 1]);
  const cut = (day: number) => {
    if (day > start && day <= end) cuts.add(day);
  };
  for (const a of ordered) {
    cut(a.start);
    cut(a.end + 1);
  }
  for (const t of offs) {
    cut(t.start);
    cut(t.end + 1);
  }
  for (const b of breaks) cut(epochDay(b));
  const bounds = [...cuts].sort((a, b) => a - b);

  const segments: BookingSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const segStart = bounds[i];
    const segEnd = bounds[i + 1] - 1;
    const workingDays = workingDaysBetween(segStart, segEnd);
    if (workingDays === 0) continue;
    const timeOffFifthsPerDay = offs
      .filter((t) => t.start <= segStart && t.end >= segEnd)
      .reduce((sum, t) => sum + t.minutesPerDay * 5, 0);
    let remainingOff = timeOffFifthsPerDay;
    const booked: BookingSegment['booked'] = [];
    for (const a of ordered) {
      if (a.start > segStart || a.end < segEnd) continue;
      const taken = Math.min(remainingOff, a.minutesPerWeek);
      remainingOff -= taken;
      booked.push({ allocationId: a.id, fifthsPerDay: a.minutesPerWeek - taken });
    }
    segments.push({
      from: fromEpochDay(segStart),
      to: fromEpochDay(segEnd),
      workingDays,
      booked,
      timeOffFifthsPerDay,
    });
  }
  return segments;
}

export interface BookingSummary {
  /** Weekly capacity spread over the working days, before time off. */
  capacityFifths: number;
  timeOffFifths: number;
  confirmedFifths: number;
  tentativeFifths: number;
  /** Working days on which confirmed hours exceed the capacity left after time off. */
  overAllocatedDays: number;
  /** Booked fifths of each allocation over the range. */
  byAllocation: Map<string, number>;
}

/** A member's load over [from, to] (see the rules at the top of this file). */
export function summarizeBookings(
  range: { from: string; to: string },
  weeklyCapacityMinutes: number,
  allocations: readonly BookingAllocation[],
  timeOff: readonly BookingTimeOff[],
): BookingSummary {
  const statusOf = new Map(allocations.map((a) => [a.id, a.status] as const));
  const summary: BookingSummary = {
    capacityFifths: weeklyCapacityMinutes * workingDaysBetween(epochDay(range.from), epochDay(range.to)),
    timeOffFifths: 0,
    confirmedFifths: 0,
    tentativeFifths: 0,
    overAllocatedDays: 0,
    byAllocation: new Map(allocations.map((a) => [a.id, 0] as const)),
  };
  for (const segment of bookingSegments(range, allocations, timeOff)) {
    summary.timeOffFifths += segment.timeOffFifthsPerDay * segment.workingDays;
    let confirmedPerDay = 0;
    for (const { allocationId, fifthsPerDay } of segment.booked) {
      const total = fifthsPerDay * segment.workingDays;
      summary.byAllocation.set(allocationId, (summary.byAllocation.get(allocationId) ?? 0) + total);
      if (statusOf.get(allocationId) === 'CONFIRMED') {
        summary.confirmedFifths += total;
        confirmedPerDay += fifthsPerDay;
      } else {
        summary.tentativeFifths += total;
      }
    }
    const capacityLeft = Math.max(0, weeklyCapacityMinutes - segment.timeOffFifthsPerDay);
    if (confirmedPerDay > capacityLeft) summary.overAllocatedDays += segment.workingDays;
  }
  return summary;
}

/** Hours from fifths of a minute (exact wherever the division is). */
export const hoursFromFifths = (fifths: number): number => fifths / 300;
