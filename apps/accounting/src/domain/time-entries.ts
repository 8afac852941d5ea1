import type { EntityManager } from 'typeorm';
import type { Logger } from '@platform/observability';
import type { Costing } from '../entities/costed-time-entry.entity';
import {
  contributionOf,
  costEntry,
  isNewerState,
  negate,
  type EntryState,
  type RateInForce,
  type RollupContribution,
} from './costing';
import { applyRollupDeltas, lockMembers, touchLedgers } from './rollups';

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
  at: Date;
}

interface EntryRow {
  entry_id: string;
  engagement_id: string;
  member_id: string;
  entry_date: string;
  minutes: number;
  billable: boolean;
  deleted: boolean;
  state_at: Date;
  costing: Costing;
  currency: string | null;
  cost_minor: string;
  bill_minor: string;
}

const stateOf = (row: EntryRow): EntryState => ({
  engagementId: row.engagement_id,
  memberId: row.member_id,
  date: row.entry_date,
  minutes: row.minutes,
  billable: row.billable,
  deleted: row.deleted,
  costing: row.costing,
  currency: row.currency,
  costMinor: BigInt(row.cost_minor),
  billMinor: BigInt(row.bill_minor),
});

interface CostingInputs {
  engagement_currency: string | null;
  rate_currency: string | null;
  cost_rate_minor: string | null;
  bill_rate_minor: string | null;
}

const rateOf = (row: CostingInputs): RateInForce | null =>
  row.rate_currency === null
    ? null
    : {
        currency: row.rate_currency,
        costRateMinor: BigInt(row.cost_rate_minor ?? '0'),
        billRateMinor: BigInt(row.bill_rate_minor ?? '0'),
      };

/** The rate in force on the entry's date: the latest effective_from on or before it. */
const RATE_IN_FORCE = `
  LEFT JOIN LATERAL (
    SELECT r.currency AS rate_currency, r.cost_rate_minor, r.bill_rate_minor
    FROM member_rates r
    WHERE r.member_id = e.member_id AND r.effective_from <= e.entry_date
    ORDER BY r.effective_from DESC
    LIMIT 1
  ) rate ON true`;

export interface EntryChangeResult {
  /** Engagements whose figures moved. */
  engagementIds: string[];
}

/**
 * Applies one entry event: ignored when older than the state held (events from one topic may
 * be replayed, and a correction can overtake its TimeLogged); otherwise the entry takes the new
 * state, is costed at the rate in force on its date, and the rollups move by (new − old).
 * A deletion of an unknown entry leaves a tombstone so that its late TimeLogged stays dead.
 */
export async function applyEntryEvent(
  manager: EntityManager,
  event: EntryEvent,
  logger: Logger,
): Promise<EntryChangeResult> {
  await lockMembers(manager, [event.memberId]);
  const [held] = (await manager.query(
    `SELECT entry_id, engagement_id, member_id, entry_date::text AS entry_date, minutes, billable, deleted, state_at,
            costing, currency, cost_minor, bill_minor
     FROM costed_time_entries WHERE entry_id = $1 FOR UPDATE`,
    [event.entryId],
  )) as EntryRow[];
  if (
    !isNewerState(held ? { stateAt: held.state_at, deleted: held.deleted } : null, event.at, event.deleted)
  ) {
    return { engagementIds: [] };
  }
  if (held && held.member_id !== event.memberId) await lockMembers(manager, [held.member_id]);

  let next: EntryState;
  if (event.deleted) {
    next = {
      engagementId: event.engagementId,
      memberId: event.memberId,
      date: event.date,
      minutes: held?.minutes ?? 0,
      billable: held?.billable ?? false,
      deleted: true,
      costing: 'DELETED',
      currency: null,
      costMinor: 0n,
      billMinor: 0n,
    };
  } else {
    const [inputs] = (await manager.query(
      `SELECT l.currency AS engagement_currency, rate.*
       FROM (SELECT $1::uuid AS engagement_id, $2::uuid AS member_id, $3::date AS entry_date) e
       LEFT JOIN engagement_ledgers l ON l.engagement_id = e.engagement_id
       ${RATE_IN_FORCE}`,
      [event.engagementId, event.memberId, event.date],
    )) as CostingInputs[];
    const costing = costEntry(event.minutes, inputs.engagement_currency, rateOf(inputs));
    if (costing.costing === 'CURRENCY_MISMATCH') {
      logger.warn(
        {
          entryId: event.entryId,
          engagementId: event.engagementId,
          rateCurrency: costing.currency,
          engagementCurrency: inputs.engagement_currency,
        },
        'time entry not costed: the member rate currency differs from the engagement currency',
      );
    }
    next = {
      engagementId: event.engagementId,
      memberId: event.memberId,
      date: event.date,
      minutes: event.minutes,
      billable: event.billable,
      deleted: false,
      ...costing,
    };
  }

  await manager.query(
    `INSERT INTO costed_time_entries
       (entry_id, engagement_id, member_id, entry_date, minutes, billable, deleted, state_at, costing, currency, cost_minor, bill_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (entry_id) DO UPDATE SET
       engagement_id = excluded.engagement_id, member_id = excluded.member_id, entry_date = excluded.entry_date,
       minutes = excluded.minutes, billable = excluded.billable, deleted = excluded.deleted, state_at = excluded.state_at,
       costing = excluded.costing, currency = excluded.currency, cost_minor = excluded.cost_minor, bill_minor = excluded.bill_minor`,
    [
      event.entryId,
      next.engagementId,
      next.memberId,
      next.date,
      next.minutes,
      next.billable,
      next.deleted,
      event.at,
      next.costing,
      next.currency,
      next.costMinor.toString(),
      next.billMinor.toString(),
    ],
  );
  const before = held ? contributionOf(stateOf(held)) : null;
  const after = contributionOf(next);
  const deltas: RollupContribution[] = [...(before ? [negate(before)] : []), ...(after ? [after] : [])];
  await applyRollupDeltas(manager, deltas);
  const engagementIds = [...new Set(deltas.map((d) => d.engagementId))];
  await touchLedgers(manager, engagementIds, event.at);
  return { engagementIds };
}

export type RecostScope = { engagementId: string } | { memberId: string; from: string; until: string | null };

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
  if ('engagementId' in scope) {
    const members = (await manager.query(
      `SELECT DISTINCT member_id FROM costed_time_entries WHERE engagement_id = $1 AND NOT deleted`,
      [scope.engagementId],
    )) as Array<{ member_id: string }>;
    await lockMembers(
      manager,
      members.map((m) => m.member_id),
    );
  } else {
    await lockMembers(manager, [scope.memberId]);
  }
  const where =
    'engagementId' in scope
      ? { sql: 'e.engagement_id = $1', params: [scope.engagementId] }
      : {
          sql: 'e.member_id = $1 AND e.entry_date >= $2 AND ($3::date IS NULL OR e.entry_date < $3::date)',
          params: [scope.memberId, scope.from, scope.until],
        };
  const rows = (await manager.query(
    `SELECT e.entry_id, e.engagement_id, e.member_id, e.entry_date::text AS entry_date, e.minutes, e.billable, e.deleted,
            e.state_at, e.costing, e.currency, e.cost_minor, e.bill_minor, l.currency AS engagement_currency, rate.*
     FROM costed_time_entries e
     LEFT JOIN engagement_ledgers l ON l.engagement_id = e.engagement_id
     ${RATE_IN_FORCE}
     WHERE NOT e.deleted AND ${where.sql}
     FOR UPDATE OF e`,
    where.params,
  )) as Array<EntryRow & CostingInputs>;

  const changed: Array<{ id: string; state: EntryState }> = [];
  const deltas: RollupContribution[] = [];
  for (const row of rows) {
    const old = stateOf(row);
    const costing = costEntry(row.minutes, row.engagement_currency, rateOf(row));
    if (
      costing.costing === old.costing &&
      costing.currency === old.currency &&
      costing.costMinor === old.costMinor &&
      costing.billMinor === old.billMinor
    ) {
      continue;
    }
    if (costing.costing === 'CURRENCY_MISMATCH') {
      logger.warn(
        {
          entryId: row.entry_id,
          engagementId: row.engagement_id,
          rateCurrency: costing.currency,
          engagementCurrency: row.engagement_currency,
        },
        'time entry not costed: the member rate currency differs from the engagement currency',
      );
    }
    const state = { ...old, ...costing };
    changed.push({ id: row.entry_id, state });
    const before = contributionOf(old);
    const after = contributionOf(state);
    if (before) deltas.push(negate(before));
    if (after) deltas.push(after);
  }
  if (changed.length === 0) return { engagementIds: [] };
  await manager.query(
    `UPDATE costed_time_entries e SET costing = c.costing, currency = c.currency, cost_minor = c.cost_minor, bill_minor = c.bill_minor
     FROM unnest($1::uuid[], $2::text[], $3::char(3)[], $4::bigint[], $5::bigint[]) AS c(entry_id, costing, currency, cost_minor, bill_minor)
     WHERE e.entry_id = c.entry_id`,
    [
      changed.map((c) => c.id),
      changed.map((c) => c.state.costing),
      changed.map((c) => c.state.currency),
      changed.map((c) => c.state.costMinor.toString()),
      changed.map((c) => c.state.billMinor.toString()),
    ],
  );
  await applyRollupDeltas(manager, deltas);
  const engagementIds = [...new Set(changed.map((c) => c.state.engagementId))];
  await touchLedgers(manager, engagementIds, at);
  return { engagementIds };
}
