import type { EntityManager } from 'typeorm';
import type { Logger } from '@platform/observability';
import type { Costing } from '../entities/costed-time-entry.entity';
import {
  type ContractRate,
  contributionOf,
  costEntry,
  type EntryCosting,
  isNewerState,
  negate,
  type EntryState,
  type RateInForce,
  type RollupContribution,
} from './costing';
import { applyRollupDeltas, lockEngagements, lockMembers, touchLedgers } from './rollups';

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
  role_key: string | null;
  off_contract: boolean;
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
  roleKey: row.role_key,
  offContract: row.off_contract,
});

interface CostingInputs {
  engagement_currency: string | null;
  rate_currency: string | null;
  cost_rate_minor: string | null;
  bill_rate_minor: string | null;
  contract_rate_currency: string | null;
  contract_bill_rate_minor: string | null;
}

const contractRateOf = (row: CostingInputs): ContractRate | null =>
  row.contract_rate_currency === null
    ? null
    : { currency: row.contract_rate_currency, billRateMinor: BigInt(row.contract_bill_rate_minor ?? '0') };

const rateOf = (row: CostingInputs): RateInForce | null =>
  row.rate_currency === null
    ? null
    : {
        currency: row.rate_currency,
        costRateMinor: BigInt(row.cost_rate_minor ?? '0'),
        billRateMinor: BigInt(row.bill_rate_minor ?? '0'),
      };

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

/** The rate in force on the entry's date: the latest effective_from on or before it. */
const RATE_IN_FORCE = `
  LEFT JOIN LATERAL (
    SELECT r.currency AS rate_currency, r.cost_rate_minor, r.bill_rate_minor
    FROM member_rates r
    WHERE r.member_id = e.member_id AND r.effective_from <= e.entry_date
    ORDER BY r.effective_from DESC
    LIMIT 1
  ) rate ON true`;

/**
 * The bill rate of the entry's role: a change order approved on or before the entry's date
 * (the latest one) changes or adds it; otherwise the rate table the contract froze at signing.
 * Needs `e` (engagement_id, entry_date, role_key) and `l` (the ledger, for its contract).
 */
const CONTRACT_RATE = `
  LEFT JOIN LATERAL (
    SELECT x.currency AS contract_rate_currency, x.bill_rate_minor AS contract_bill_rate_minor
    FROM (
      SELECT co.currency, co.bill_rate_minor, 1 AS precedence, co.approved_at
      FROM change_order_rates co
      WHERE co.engagement_id = e.engagement_id AND co.role_key = e.role_key
        AND co.approved_at::date <= e.entry_date
      UNION ALL
      SELECT cr.currency, cr.bill_rate_minor, 0, NULL
      FROM contract_rates cr
      WHERE cr.contract_id = l.contract_id AND cr.role_key = e.role_key
    ) x
    ORDER BY x.precedence DESC, x.approved_at DESC
    LIMIT 1
  ) contract_rate ON true`;

export interface EntryChangeResult {
  /** Engagements whose figures moved. */
  engagementIds: string[];
}

/** A deletion keeps the minutes it deletes (shown nowhere, but a replay must store the same row). */
type Candidate = EntryEvent & { kept?: { minutes: number; billable: boolean } };

/**
 * The state that wins among events about one entry, in the order they were consumed: each one
 * replaces the winner only when it is newer (see isNewerState), as if applied one by one.
 */
function newestPerEntry(events: readonly EntryEvent[]): Candidate[] {
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
): Promise<EntryChangeResult> {
  const candidates = newestPerEntry(events);
  if (candidates.length === 0) return { engagementIds: [] };
  await lockEngagements(
    manager,
    candidates.map((e) => e.engagementId),
  );
  const eventMembers = new Set(candidates.map((e) => e.memberId));
  await lockMembers(manager, [...eventMembers]);
  const heldRows = (await manager.query(
    `SELECT entry_id, engagement_id, member_id, entry_date::text AS entry_date, minutes, billable, deleted, state_at,
            costing, currency, cost_minor, bill_minor
     FROM costed_time_entries WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id FOR UPDATE`,
    [candidates.map((e) => e.entryId)],
  )) as EntryRow[];
  const held = new Map(heldRows.map((row) => [row.entry_id, row] as const));
  const winners = candidates.filter((event) => {
    const row = held.get(event.entryId);
    return isNewerState(
      row ? { stateAt: row.state_at, deleted: row.deleted } : null,
      event.at,
      event.deleted,
    );
  });
  if (winners.length === 0) return { engagementIds: [] };
  // An entry moved from another member: that member's costing is serialized too.
  const movedFrom = winners.flatMap((e) => {
    const from = held.get(e.entryId)?.member_id;
    return from && !eventMembers.has(from) ? [from] : [];
  });
  await lockMembers(manager, movedFrom);

  const toCost = winners.filter((e) => !e.deleted);
  const inputs = toCost.length
    ? ((await manager.query(
        `SELECT e.i, l.currency AS engagement_currency, rate.*, contract_rate.*
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[])
              WITH ORDINALITY AS e(engagement_id, member_id, entry_date, role_key, i)
         LEFT JOIN engagement_ledgers l ON l.engagement_id = e.engagement_id
         ${RATE_IN_FORCE}
         ${CONTRACT_RATE}`,
        [
          toCost.map((e) => e.engagementId),
          toCost.map((e) => e.memberId),
          toCost.map((e) => e.date),
          toCost.map((e) => e.roleKey),
        ],
      )) as Array<CostingInputs & { i: string }>)
    : [];
  const inputsOf = new Map(inputs.map((row) => [toCost[Number(row.i) - 1].entryId, row] as const));

  const changes = winners.map((event) => {
    const before = held.get(event.entryId);
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
        roleKey: event.roleKey ?? before?.role_key ?? null,
        offContract: false,
      };
    } else {
      const facts = inputsOf.get(event.entryId)!;
      const costing = costEntry(
        event.minutes,
        facts.engagement_currency,
        rateOf(facts),
        contractRateOf(facts),
      );
      warnIfNotCosted(logger, costing, event.entryId, event.engagementId, facts.engagement_currency);
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
    return { event, before: before ? stateOf(before) : null, next };
  });

  await manager.query(
    `INSERT INTO costed_time_entries
       (entry_id, engagement_id, member_id, entry_date, minutes, billable, deleted, state_at, costing, currency, cost_minor,
        bill_minor, role_key, off_contract)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::int[], $6::boolean[], $7::boolean[],
                          $8::timestamptz[], $9::text[], $10::char(3)[], $11::bigint[], $12::bigint[], $13::text[],
                          $14::boolean[])
     ON CONFLICT (entry_id) DO UPDATE SET
       engagement_id = excluded.engagement_id, member_id = excluded.member_id, entry_date = excluded.entry_date,
       minutes = excluded.minutes, billable = excluded.billable, deleted = excluded.deleted, state_at = excluded.state_at,
       costing = excluded.costing, currency = excluded.currency, cost_minor = excluded.cost_minor, bill_minor = excluded.bill_minor,
       role_key = excluded.role_key, off_contract = excluded.off_contract`,
    [
      changes.map((c) => c.event.entryId),
      changes.map((c) => c.next.engagementId),
      changes.map((c) => c.next.memberId),
      changes.map((c) => c.next.date),
      changes.map((c) => c.next.minutes),
      changes.map((c) => c.next.billable),
      changes.map((c) => c.next.deleted),
      changes.map((c) => c.event.at),
      changes.map((c) => c.next.costing),
      changes.map((c) => c.next.currency),
      changes.map((c) => c.next.costMinor.toString()),
      changes.map((c) => c.next.billMinor.toString()),
      changes.map((c) => c.next.roleKey),
      changes.map((c) => c.next.offContract),
    ],
  );
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
    // First the engagement: entries of it being applied concurrently commit before we look.
    await lockEngagements(manager, [scope.engagementId]);
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
            e.state_at, e.costing, e.currency, e.cost_minor, e.bill_minor, e.role_key, e.off_contract,
            l.currency AS engagement_currency, rate.*, contract_rate.*
     FROM costed_time_entries e
     LEFT JOIN engagement_ledgers l ON l.engagement_id = e.engagement_id
     ${RATE_IN_FORCE}
     ${CONTRACT_RATE}
     WHERE NOT e.deleted AND ${where.sql}
     FOR UPDATE OF e`,
    where.params,
  )) as Array<EntryRow & CostingInputs>;

  const changed: Array<{ id: string; state: EntryState }> = [];
  const deltas: RollupContribution[] = [];
  for (const row of rows) {
    const old = stateOf(row);
    const costing = costEntry(row.minutes, row.engagement_currency, rateOf(row), contractRateOf(row));
    if (
      costing.costing === old.costing &&
      costing.currency === old.currency &&
      costing.costMinor === old.costMinor &&
      costing.billMinor === old.billMinor &&
      costing.offContract === old.offContract
    ) {
      continue;
    }
    warnIfNotCosted(logger, costing, row.entry_id, row.engagement_id, row.engagement_currency);
    const state = { ...old, ...costing };
    changed.push({ id: row.entry_id, state });
    const before = contributionOf(old);
    const after = contributionOf(state);
    if (before) deltas.push(negate(before));
    if (after) deltas.push(after);
  }
  if (changed.length === 0) return { engagementIds: [] };
  await manager.query(
    `UPDATE costed_time_entries e SET costing = c.costing, currency = c.currency, cost_minor = c.cost_minor,
       bill_minor = c.bill_minor, off_contract = c.off_contract
     FROM unnest($1::uuid[], $2::text[], $3::char(3)[], $4::bigint[], $5::bigint[], $6::boolean[])
          AS c(entry_id, costing, currency, cost_minor, bill_minor, off_contract)
     WHERE e.entry_id = c.entry_id`,
    [
      changed.map((c) => c.id),
      changed.map((c) => c.state.costing),
      changed.map((c) => c.state.currency),
      changed.map((c) => c.state.costMinor.toString()),
      changed.map((c) => c.state.billMinor.toString()),
      changed.map((c) => c.state.offContract),
    ],
  );
  await applyRollupDeltas(manager, deltas);
  const engagementIds = [...new Set(changed.map((c) => c.state.engagementId))];
  await touchLedgers(manager, new Map(engagementIds.map((id) => [id, at] as const)));
  return { engagementIds };
}
