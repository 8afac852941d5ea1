import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';
import { upsertMemberLabel } from '../repositories/ledger.repository';
import {
  cancelTimeOff,
  engagementsOfMember,
  insertTimeOff,
  upsertAllocation,
} from '../repositories/forecast.repository';
import { lockMembers } from '../repositories/rollup.repository';

// Delivery's allocations and time off, kept for the forecast. Each returns the engagements whose
// forecast may have moved: every engagement the member is allocated to, since time off is taken
// across all of a member's allocations in the order they were made.

export async function applyAllocationPlanned(
  manager: EntityManager,
  p: EventPayload<'AllocationPlanned'>,
): Promise<string[]> {
  // One member's bookings and time off are applied one transaction at a time (delivery's events
  // arrive on several partitions): otherwise each transaction misses the other's uncommitted
  // change, and the forecast published for the member's engagements stays on the older state.
  await lockMembers(manager, [p.memberId.toLowerCase()]);
  await upsertAllocation(manager, p);
  return engagementsOfMember(manager, p.memberId.toLowerCase(), [p.engagementId.toLowerCase()]);
}

export async function applyTimeOffRecorded(
  manager: EntityManager,
  p: EventPayload<'TimeOffRecorded'>,
): Promise<string[]> {
  // One member's bookings and time off are applied one transaction at a time (see above).
  await lockMembers(manager, [p.memberId.toLowerCase()]);
  await insertTimeOff(manager, p);
  return engagementsOfMember(manager, p.memberId.toLowerCase());
}

export async function applyTimeOffCancelled(
  manager: EntityManager,
  p: EventPayload<'TimeOffCancelled'>,
): Promise<string[]> {
  // One member's bookings and time off are applied one transaction at a time (see above).
  await lockMembers(manager, [p.memberId.toLowerCase()]);
  await cancelTimeOff(manager, p);
  return engagementsOfMember(manager, p.memberId.toLowerCase());
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
  return engagementsOfMember(manager, p.memberId.toLowerCase());
}
