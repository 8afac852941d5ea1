import type { EntityManager } from 'typeorm';
import type { Logger } from '@platform/observability';
import {
  contributionOf,
  costEntry,
  type EntryCosting,
  type EntryState,
  isNewerState,
  negate,
  type RollupContribution,
} from '../domain/costing';
import { newestPerEntry, type EntryEvent } from '../domain/entry-events';
import {
  applyRollupDeltas,
  lockEngagements,
  lockMembers,
  touchLedgers,
} from '../repositories/rollup.repository';
import { TimeEntryRepository, type RecostScope } from '../repositories/time-entry.repository';

export type { EntryEvent } from '../domain/entry-events';
export type { RecostScope } from '../repositories/time-entry.repository';

/** A rate in another currency than the engagement's is refused, never converted: say so once per costing. */
function warnIfNotCosted(
  logger: Logger,
  costing: EntryCosting,
  entryId: string,
  engagementId: string,
  engagementCurrency: string | null,
): void {
  if (costing.costing !== 'CURRENCY_MISMATCH') return;
  logger.warn(
    { entryId, engagementId, rateCurrency: costing.currency, engagementCurrency },
    'time entry not costed: the member rate currency differs from the engagement currency',
  );
}

export interface EntryChangeResult {
  /** Engagements whose figures moved. */
  engagementIds: string[];
}

/**
 * Applies the entry events of one consumer chunk set-wise, in a constant number of statements
 * whatever their count: an event older than the state held is ignored (events from one topic may
 * be replayed, and a correction can overtake its TimeLogged); otherwise the entry takes the new
 * state, is costed at the rate in force on its date, and the rollups move by (new − old).
 * A deletion of an unknown entry leaves a tombstone so that its late TimeLogged stays dead.
 */
export async function applyEntryEvents(
  manager: EntityManager,
  events: readonly EntryEvent[],
  logger: Logger,
  /**
   * Members whose bookings the same transaction changes next (EXCLUSIVE): locked now with the
   * entries' members, in one statement and one key order, never upgraded later.
   */
  bookingMembers: readonly string[] = [],
): Promise<EntryChangeResult> {
  const candidates = newestPerEntry(events);
  if (candidates.length === 0) return { engagementIds: [] };
  const entries = new TimeEntryRepository(manager);
  await lockEngagements(
    manager,
    candidates.map((e) => e.engagementId),
  );
  const eventMembers = new Set(candidates.map((e) => e.memberId));
  await lockMembers(manager, [...eventMembers], 'shared', bookingMembers);
  const held = await entries.held(candidates.map((e) => e.entryId));
  const winners = candidates.filter((event) => {
    const row = held.get(event.entryId);
    return isNewerState(
      row ? { stateAt: row.stateAt, deleted: row.state.deleted } : null,
      event.at,
      event.deleted,
    );
  });
  if (winners.length === 0) return { engagementIds: [] };
  // An entry moved from another member: that member's costing is serialized too.
  const movedFrom = winners.flatMap((e) => {
    const from = held.get(e.entryId)?.state.memberId;
    return from && !eventMembers.has(from) ? [from] : [];
  });
  await lockMembers(manager, movedFrom, 'shared');

  const toCost = winners.filter((e) => !e.deleted);
  const inputs = await entries.costingInputs(toCost);
  const inputsOf = new Map(toCost.map((e, i) => [e.entryId, inputs[i]] as const));

  const changes = winners.map((event) => {
    const before = held.get(event.entryId)?.state;
    let next: EntryState;
    if (event.deleted) {
      next = {
        engagementId: event.engagementId,
        memberId: event.memberId,
        date: event.date,
        minutes: event.kept?.minutes ?? before?.minutes ?? 0,
        billable: event.kept?.billable ?? before?.billable ?? false,
        deleted: true,
        costing: 'DELETED',
        currency: null,
        costMinor: 0n,
        billMinor: 0n,
        roleKey: event.roleKey ?? before?.roleKey ?? null,
        offContract: false,
      };
    } else {
      const facts = inputsOf.get(event.entryId)!;
      const costing = costEntry(event.minutes, facts.engagementCurrency, facts.rate, facts.contractRate);
      warnIfNotCosted(logger, costing, event.entryId, event.engagementId, facts.engagementCurrency);
      next = {
        engagementId: event.engagementId,
        memberId: event.memberId,
        date: event.date,
        minutes: event.minutes,
        billable: event.billable,
        deleted: false,
        roleKey: event.roleKey,
        ...costing,
      };
    }
    return { event, before: before ?? null, next };
  });

  await entries.save(changes.map((c) => ({ entryId: c.event.entryId, at: c.event.at, next: c.next })));
  const deltas: RollupContribution[] = [];
  const touched = new Map<string, Date>();
  for (const { event, before, next } of changes) {
    const was = before ? contributionOf(before) : null;
    const now = contributionOf(next);
    for (const delta of [...(was ? [negate(was)] : []), ...(now ? [now] : [])]) {
      deltas.push(delta);
      const seen = touched.get(delta.engagementId);
      if (!seen || seen < event.at) touched.set(delta.engagementId, event.at);
    }
  }
  await applyRollupDeltas(manager, deltas);
  await touchLedgers(manager, touched);
  return { engagementIds: [...touched.keys()] };
}

/**
 * Re-costs the live entries in scope from the facts held now (ledger currency, rate in force)
 * and moves the rollups by the differences: after a retroactive rate (the entries dated from
 * its effectiveFrom until the next rate) or when the ledger of early entries opens.
 */
export async function recostEntries(
  manager: EntityManager,
  scope: RecostScope,
  at: Date,
  logger: Logger,
): Promise<EntryChangeResult> {
  const entries = new TimeEntryRepository(manager);
  if ('engagementId' in scope) {
    // First the engagement: entries of it being applied concurrently commit before we look.
    await lockEngagements(manager, [scope.engagementId]);
    await lockMembers(manager, await entries.membersOf(scope.engagementId));
  } else {
    await lockMembers(manager, [scope.memberId]);
  }
  const rows = await entries.toRecost(scope);

  const changed: Array<{ id: string; state: EntryState }> = [];
  const deltas: RollupContribution[] = [];
  for (const row of rows) {
    const old = row.state;
    const { engagementCurrency, rate, contractRate } = row.inputs;
    const costing = costEntry(old.minutes, engagementCurrency, rate, contractRate);
    if (
      costing.costing === old.costing &&
      costing.currency === old.currency &&
      costing.costMinor === old.costMinor &&
      costing.billMinor === old.billMinor &&
      costing.offContract === old.offContract
    ) {
      continue;
    }
    warnIfNotCosted(logger, costing, row.entryId, old.engagementId, engagementCurrency);
    const state = { ...old, ...costing };
    changed.push({ id: row.entryId, state });
    const before = contributionOf(old);
    const after = contributionOf(state);
    if (before) deltas.push(negate(before));
    if (after) deltas.push(after);
  }
  if (changed.length === 0) return { engagementIds: [] };
  await entries.saveCostings(changed);
  await applyRollupDeltas(manager, deltas);
  const engagementIds = [...new Set(changed.map((c) => c.state.engagementId))];
  await touchLedgers(manager, new Map(engagementIds.map((id) => [id, at] as const)));
  return { engagementIds };
}
