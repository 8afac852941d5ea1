import { badInput, forbidden } from '@platform/errors';
import { hasRole, type Actor } from '@platform/domain-kit';
import { hoursFromFifths, summarizeBookings, type BookingAllocation } from '@platform/events';

export interface CapacityInput {
  from: string;
  to: string;
  weeklyCapacityMinutes: number;
  /** Allocations that hold (not released); without a status an allocation is CONFIRMED. */
  allocations: ReadonlyArray<{
    id?: string;
    minutesPerWeek: number;
    from: string;
    to: string;
    status?: 'TENTATIVE' | 'CONFIRMED';
    createdAt?: string;
  }>;
  timeOff?: ReadonlyArray<{ minutesPerDay: number; from: string; to: string }>;
  loggedMinutes: number;
}

export interface Capacity {
  capacityHours: number;
  timeOffHours: number;
  confirmedHours: number;
  tentativeHours: number;
  allocatedHours: number;
  loggedHours: number;
  availableHours: number;
  utilizationPercent: number;
  overAllocatedDays: number;
}

/**
 * A member's load shows the hours they logged on the days of a range, so it is theirs to see, and
 * DELIVERY's (staffing), FINANCE's and ADMIN's; not another MEMBER's or SALES's (FORBIDDEN).
 */
export function requireCapacityReader(actor: Actor, memberId: string): void {
  if (actor.id !== memberId && !hasRole(actor, 'DELIVERY', 'FINANCE')) {
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
 * week; time off removes capacity and the allocated hours of its days (see libs/events booking.ts
 * for the order it is taken in). Sums stay in fifths of a minute and are divided once, so
 * whole-minute inputs give exact hours wherever the division is exact.
 */
export function computeCapacity(input: CapacityInput): Capacity {
  assertRange(input.from, input.to);
  const range = { from: input.from, to: input.to };
  const allocations: BookingAllocation[] = input.allocations.map((a, index) => ({
    id: a.id ?? `allocation-${index}`,
    minutesPerWeek: a.minutesPerWeek,
    from: a.from,
    to: a.to,
    status: a.status ?? 'CONFIRMED',
    createdAt: a.createdAt ?? new Date(index).toISOString(),
  }));
  const summary = summarizeBookings(range, input.weeklyCapacityMinutes, allocations, input.timeOff ?? []);
  const booked = summary.confirmedFifths + summary.tentativeFifths;
  const capacityMinutes = summary.capacityFifths / 5;
  return {
    capacityHours: hoursFromFifths(summary.capacityFifths),
    timeOffHours: hoursFromFifths(summary.timeOffFifths),
    confirmedHours: hoursFromFifths(summary.confirmedFifths),
    tentativeHours: hoursFromFifths(summary.tentativeFifths),
    allocatedHours: hoursFromFifths(booked),
    loggedHours: input.loggedMinutes / 60,
    availableHours: hoursFromFifths(summary.capacityFifths - summary.timeOffFifths - booked),
    utilizationPercent: capacityMinutes === 0 ? 0 : (input.loggedMinutes / capacityMinutes) * 100,
    overAllocatedDays: summary.overAllocatedDays,
  };
}
