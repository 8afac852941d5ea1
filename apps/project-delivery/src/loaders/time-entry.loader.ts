import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { isUuid } from '../domain/ids';
import { uuidsOf } from './ids';

export interface TimeEntriesKey {
  projectId: string;
  from: string | null;
  to: string | null;
  /** Only this member's entries (a MEMBER's view); null for everyone's. */
  memberId: string | null;
}

const filterKey = (key: TimeEntriesKey) => `${key.from ?? ''}|${key.to ?? ''}|${key.memberId ?? ''}`;
const cacheKey = (key: TimeEntriesKey) => `${key.projectId}|${filterKey(key)}`;

/** Entries of each project within an optional date range, oldest date first; one query per distinct filter. */
export function timeEntriesLoader(dataSource: EntityManager) {
  return new DataLoader<TimeEntriesKey, TimeEntryEntity[], string>(
    async (keys) => {
      const groups = new Map<string, TimeEntriesKey[]>();
      for (const key of keys) groups.set(filterKey(key), [...(groups.get(filterKey(key)) ?? []), key]);
      const result = new Map<string, TimeEntryEntity[]>();
      for (const group of groups.values()) {
        const { from, to, memberId } = group[0];
        const ids = uuidsOf(group.map((k) => k.projectId));
        let rows: TimeEntryEntity[] = [];
        // A caller whose subject is not a member id owns no entries.
        if (ids.length > 0 && (memberId === null || isUuid(memberId))) {
          const query = dataSource
            .getRepository(TimeEntryEntity)
            .createQueryBuilder('t')
            .where('t.project_id IN (:...ids)', { ids })
            .orderBy('t.entry_date', 'ASC')
            .addOrderBy('t.created_at', 'ASC')
            .addOrderBy('t.id', 'ASC');
          if (from !== null) query.andWhere('t.entry_date >= :from', { from });
          if (to !== null) query.andWhere('t.entry_date <= :to', { to });
          if (memberId !== null) query.andWhere('t.member_id = :memberId', { memberId });
          rows = await query.getMany();
        }
        for (const key of group)
          result.set(
            cacheKey(key),
            rows.filter((row) => row.projectId === key.projectId),
          );
      }
      return keys.map((key) => result.get(cacheKey(key)) ?? []);
    },
    { cacheKeyFn: cacheKey },
  );
}
