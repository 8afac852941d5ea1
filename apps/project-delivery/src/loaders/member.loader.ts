import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type { AllocationEntity } from '../entities/allocation.entity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import type { TimeOffEntity } from '../entities/time-off.entity';
import type { DeliveryReads } from '../repositories/delivery-reads.repository';
import { fetchByUuids, uuidsOf } from './ids';

export function memberLoader(reads: DeliveryReads) {
  return keyedLoader<string, TeamMemberEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.membersByIds(ids)),
    (member) => member.id,
  );
}

/** Allocations of each member, newest first. */
export function allocationsByMemberLoader(reads: DeliveryReads) {
  return groupedLoader<string, AllocationEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.allocationsByMemberIds(ids)),
    (allocation) => allocation.memberId,
  );
}

export interface CapacityKey {
  memberId: string;
  from: string;
  to: string;
}

export interface CapacityFacts {
  allocations: AllocationEntity[];
  timeOff: TimeOffEntity[];
  loggedMinutes: number;
}

/**
 * What a member's load over a range is computed from: allocations that hold (not released) and
 * time off not cancelled, overlapping the range, and the minutes logged in it. Keys are grouped
 * by range, so a list of members asking for the same range costs three queries.
 */
export function capacityFactsLoader(reads: DeliveryReads) {
  return new DataLoader<CapacityKey, CapacityFacts, string>(
    async (keys) => {
      const byRange = new Map<string, CapacityKey[]>();
      for (const key of keys) {
        const rangeKey = `${key.from}|${key.to}`;
        byRange.set(rangeKey, [...(byRange.get(rangeKey) ?? []), key]);
      }
      const facts = new Map<string, CapacityFacts>();
      for (const group of byRange.values()) {
        const { from, to } = group[0];
        const ids = uuidsOf(group.map((k) => k.memberId));
        if (ids.length === 0) continue;
        const { allocations, timeOff, loggedMinutes } = await reads.capacityFacts(ids, from, to);
        for (const key of group) {
          facts.set(capacityCacheKey(key), {
            allocations: allocations.filter((a) => a.memberId === key.memberId),
            timeOff: timeOff.filter((t) => t.memberId === key.memberId),
            loggedMinutes: loggedMinutes.get(key.memberId) ?? 0,
          });
        }
      }
      return keys.map(
        (key) => facts.get(capacityCacheKey(key)) ?? { allocations: [], timeOff: [], loggedMinutes: 0 },
      );
    },
    { cacheKeyFn: capacityCacheKey },
  );
}

const capacityCacheKey = (key: CapacityKey) => `${key.memberId}|${key.from}|${key.to}`;

/** Time off of each member (cancelled included), newest first. */
export function timeOffByMemberLoader(reads: DeliveryReads) {
  return groupedLoader<string, TimeOffEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.timeOffByMemberIds(ids)),
    (timeOff) => timeOff.memberId,
  );
}
