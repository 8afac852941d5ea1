import { badInput, forbidden } from '@platform/errors';
import { hasRole, type Identity } from '@platform/graphql-kit';
import { toEpochDay, weekday } from './dates';

/** Monday to Friday within [from, to], both inclusive; 0 when the range is empty. */
export function workingDays(from: string, to: string): number {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  if (end < start) return 0;
  const days = end - start + 1;
  const fullWeeks = Math.floor(days / 7);
  let count = fullWeeks * 5;
  for (let day = start + fullWeeks * 7; day <= end; day++) {
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6) count += 1;
  }
  return count;
}

/** Working days shared by two inclusive date ranges. */
export function overlappingWorkingDays(
  a: { from: string; to: string },
  b: { from: string; to: string },
): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return workingDays(from, to);
}

export interface CapacityInput {
  from: string;
  to: string;
  weeklyCapacityMinutes: number;
  allocations: ReadonlyArray<{ minutesPerWeek: number; from: string; to: string }>;
  loggedMinutes: number;
}

export interface Capacity {
  capacityHours: number;
  allocatedHours: number;
  loggedHours: number;
  availableHours: number;
  utilizationPercent: number;
}

/**
 * A member's load shows the hours they logged on the days of a range, so it is theirs to see, and
 * DELIVERY's (staffing), FINANCE's and ADMIN's; not another MEMBER's or SALES's (FORBIDDEN).
 */
export function requireCapacityReader(actor: Identity, memberId: string): void {
  if (actor.sub !== memberId && !hasRole(actor, 'DELIVERY', 'FINANCE')) {
    throw forbidden(
      "a member's capacity and logged hours are visible to the member, DELIVERY, FINANCE and ADMIN",
    );
  }
}

/** A date range is named by its end: `to` must not be before `from`. */
export function assertRange(from: string, to: string, toField = 'to'): void {
  if (from > to) throw badInput(toField, `must not be before from (${from})`);
}

/**
 * A member's load over [from, to]: weekly figures are spread over the five working days of a
 * week, so a range of n working days holds n/5 of a week. Sums stay in minutes and are divided
 * once, so whole-minute inputs give exact hours wherever the division is exact.
 */
export function computeCapacity(input: CapacityInput): Capacity {
  assertRange(input.from, input.to);
  const range = { from: input.from, to: input.to };
  const capacityMinutes = (input.weeklyCapacityMinutes * workingDays(input.from, input.to)) / 5;
  const allocatedMinutes =
    input.allocations.reduce((sum, a) => sum + a.minutesPerWeek * overlappingWorkingDays(a, range), 0) / 5;
  return {
    capacityHours: capacityMinutes / 60,
    allocatedHours: allocatedMinutes / 60,
    loggedHours: input.loggedMinutes / 60,
    availableHours: (capacityMinutes - allocatedMinutes) / 60,
    utilizationPercent: capacityMinutes === 0 ? 0 : (input.loggedMinutes / capacityMinutes) * 100,
  };
}
