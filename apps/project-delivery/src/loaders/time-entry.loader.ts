import DataLoader from 'dataloader';
import { isUuid } from '@platform/domain-kit';
import type { TimeEntryEntity } from '../entities/time-entry.entity';
import type { DeliveryReads, TimeEntryFilter } from '../repositories/delivery-reads.repository';
import { uuidsOf } from './ids';

export interface TimeEntriesKey extends TimeEntryFilter {
  projectId: string;
}

const filterKey = (key: TimeEntriesKey) => `${key.from ?? ''}|${key.to ?? ''}|${key.memberId ?? ''}`;
const cacheKey = (key: TimeEntriesKey) => `${key.projectId}|${filterKey(key)}`;

/** Entries of each project within an optional date range, oldest date first; one query per distinct filter. */
export function timeEntriesLoader(reads: DeliveryReads) {
  return new DataLoader<TimeEntriesKey, TimeEntryEntity[], string>(
    async (keys) => {
      const groups = new Map<string, TimeEntriesKey[]>();
      for (const key of keys) groups.set(filterKey(key), [...(groups.get(filterKey(key)) ?? []), key]);
      const result = new Map<string, TimeEntryEntity[]>();
      for (const group of groups.values()) {
        const { from, to, memberId } = group[0];
        const ids = uuidsOf(group.map((k) => k.projectId));
        // A caller whose subject is not a member id owns no entries.
        const rows =
          ids.length > 0 && (memberId === null || isUuid(memberId))
            ? await reads.timeEntries(ids, { from, to, memberId })
            : [];
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
