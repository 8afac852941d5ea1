import { isNewerState } from './costing';

/** A time entry's new state from TimeLogged / TimeEntryCorrected / TimeEntryDeleted. */
export interface EntryEvent {
  entryId: string;
  engagementId: string;
  memberId: string;
  date: string;
  /** 0 for a deletion. */
  minutes: number;
  billable: boolean;
  deleted: boolean;
  /** The role the minutes were worked under, as roleKey(); null when the event names none. */
  roleKey: string | null;
  at: Date;
}

/** A deletion keeps the minutes it deletes (shown nowhere, but a replay must store the same row). */
export type Candidate = EntryEvent & { kept?: { minutes: number; billable: boolean } };

/**
 * The state that wins among events about one entry, in the order they were consumed: each one
 * replaces the winner only when it is newer (see isNewerState), as if applied one by one.
 */
export function newestPerEntry(events: readonly EntryEvent[]): Candidate[] {
  const winners = new Map<string, Candidate>();
  for (const event of events) {
    const seen = winners.get(event.entryId);
    if (!seen) {
      winners.set(event.entryId, event);
    } else if (isNewerState({ stateAt: seen.at, deleted: seen.deleted }, event.at, event.deleted)) {
      const kept = seen.deleted ? seen.kept : { minutes: seen.minutes, billable: seen.billable };
      winners.set(event.entryId, event.deleted ? { ...event, kept } : event);
    }
  }
  return [...winners.values()];
}
