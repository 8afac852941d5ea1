import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';
import { upsertMemberLabel } from '../repositories/ledger.repository';
import {
  cancelTimeOff,
  engagementsOfMembers,
  insertTimeOff,
  upsertAllocation,
} from '../repositories/forecast.repository';
import { lockMembers } from '../repositories/rollup.repository';

// Delivery's allocations and time off, kept for the forecast. Each returns the engagements whose
// forecast may have moved: every engagement the members are allocated to, since time off is taken
// across all of a member's allocations in the order they were made.

/** A change to a member's bookings as delivery announced it. */
export type BookingChange =
  | { type: 'AllocationPlanned'; payload: EventPayload<'AllocationPlanned'> }
  | { type: 'TimeOffRecorded'; payload: EventPayload<'TimeOffRecorded'> }
  | { type: 'TimeOffCancelled'; payload: EventPayload<'TimeOffCancelled'> };

/** The members whose bookings the changes touch (lower-cased). */
export function bookingMembers(changes: readonly BookingChange[]): string[] {
  return [...new Set(changes.map((c) => c.payload.memberId.toLowerCase()))];
}

/**
 * Applies a consumer chunk's booking changes in the order they came. One member's bookings and
 * time off are applied one transaction at a time (delivery's events arrive on several
 * partitions): otherwise each transaction misses the other's uncommitted change, and the
 * forecast published for the member's engagements stays on the older state. The locks of all
 * the chunk's members are taken at once, in key order, so two chunks cannot deadlock on them.
 */
export async function applyBookingChanges(
  manager: EntityManager,
  changes: readonly BookingChange[],
): Promise<string[]> {
  if (changes.length === 0) return [];
  const members = bookingMembers(changes);
  await lockMembers(manager, members);
  for (const change of changes) {
    if (change.type === 'AllocationPlanned') await upsertAllocation(manager, change.payload);
    else if (change.type === 'TimeOffRecorded') await insertTimeOff(manager, change.payload);
    else await cancelTimeOff(manager, change.payload);
  }
  const allocatedTo = changes.flatMap((c) =>
    c.type === 'AllocationPlanned' ? [c.payload.engagementId.toLowerCase()] : [],
  );
  return engagementsOfMembers(manager, members, allocatedTo);
}

/**
 * Keeps the member's name and primary role; when the primary role changed, the engagements the
 * member is allocated to (their allocations without a role are priced by it).
 */
export async function applyTeamMemberUpserted(
  manager: EntityManager,
  p: EventPayload<'TeamMemberUpserted'>,
): Promise<string[]> {
  if (!(await upsertMemberLabel(manager, p))) return [];
  // Serialised with the member's bookings (as time off is): an allocation applied concurrently
  // commits before we look for the member's engagements, or sees the new role when it evaluates.
  // Taken only when the role moved, so a name change holds nothing up.
  await lockMembers(manager, [p.memberId.toLowerCase()]);
  return engagementsOfMembers(manager, [p.memberId.toLowerCase()]);
}
