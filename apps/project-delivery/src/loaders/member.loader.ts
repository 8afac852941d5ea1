import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import { AllocationEntity } from '../entities/allocation.entity';
import { TeamMemberEntity } from '../entities/team-member.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { fetchByUuids, uuidsOf } from './ids';

export function memberLoader(dataSource: EntityManager) {
  return keyedLoader<string, TeamMemberEntity>(
    (keys) => fetchByUuids(keys, (ids) => dataSource.getRepository(TeamMemberEntity).findBy({ id: In(ids) })),
    (member) => member.id,
  );
}

/** Allocations of each member, newest first. */
export function allocationsByMemberLoader(dataSource: EntityManager) {
  return groupedLoader<string, AllocationEntity>(
    (keys) =>
      fetchByUuids(keys, (ids) =>
        dataSource
          .getRepository(AllocationEntity)
          .find({ where: { memberId: In(ids) }, order: { createdAt: 'DESC', id: 'ASC' } }),
      ),
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
  loggedMinutes: number;
}

/**
 * What a member's load over a range is computed from: allocations overlapping the range and
 * the minutes logged in it. Keys are grouped by range, so a list of members asking for the
 * same range costs two queries.
 */
export function capacityFactsLoader(dataSource: EntityManager) {
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
        const allocations = await dataSource
          .getRepository(AllocationEntity)
          .createQueryBuilder('a')
          .where('a.member_id IN (:...ids)', { ids })
          .andWhere('a.from_date <= :to AND a.to_date >= :from', { from, to })
          .getMany();
        const logged = await dataSource
          .getRepository(TimeEntryEntity)
          .createQueryBuilder('t')
          .select('t.memberId', 'memberId')
          .addSelect('COALESCE(SUM(t.minutes), 0)::int', 'minutes')
          .where('t.member_id IN (:...ids)', { ids })
          .andWhere('t.entry_date BETWEEN :from AND :to', { from, to })
          .groupBy('t.member_id')
          .getRawMany<{ memberId: string; minutes: number }>();
        const minutesOf = new Map(logged.map((row) => [row.memberId, Number(row.minutes)]));
        for (const key of group) {
          facts.set(capacityCacheKey(key), {
            allocations: allocations.filter((a) => a.memberId === key.memberId),
            loggedMinutes: minutesOf.get(key.memberId) ?? 0,
          });
        }
      }
      return keys.map((key) => facts.get(capacityCacheKey(key)) ?? { allocations: [], loggedMinutes: 0 });
    },
    { cacheKeyFn: capacityCacheKey },
  );
}

const capacityCacheKey = (key: CapacityKey) => `${key.memberId}|${key.from}|${key.to}`;

/** The team list, by name. */
export function findTeamMembers(dataSource: EntityManager, activeOnly: boolean): Promise<TeamMemberEntity[]> {
  return dataSource
    .getRepository(TeamMemberEntity)
    .find({ where: activeOnly ? { active: true } : {}, order: { name: 'ASC', id: 'ASC' } });
}
