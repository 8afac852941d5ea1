import type { EntityManager } from 'typeorm';
import type { Costing } from '../domain/costing';
import type { ContractRate, EntryState, RateInForce } from '../domain/costing';

// The SQL of costed time entries: the state held per entry, the facts an entry is costed from
// (ledger currency, member rate in force, contract rate of its role) and the writes.

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

interface CostingInputRow {
  engagement_currency: string | null;
  rate_currency: string | null;
  cost_rate_minor: string | null;
  bill_rate_minor: string | null;
  contract_rate_currency: string | null;
  contract_bill_rate_minor: string | null;
}

/** What an entry is costed from: the engagement's currency, the member's rate, the contract's. */
export interface CostingInputs {
  engagementCurrency: string | null;
  rate: RateInForce | null;
  contractRate: ContractRate | null;
}

const contractRateOf = (row: CostingInputRow): ContractRate | null =>
  row.contract_rate_currency === null
    ? null
    : { currency: row.contract_rate_currency, billRateMinor: BigInt(row.contract_bill_rate_minor ?? '0') };

const rateOf = (row: CostingInputRow): RateInForce | null =>
  row.rate_currency === null
    ? null
    : {
        currency: row.rate_currency,
        costRateMinor: BigInt(row.cost_rate_minor ?? '0'),
        billRateMinor: BigInt(row.bill_rate_minor ?? '0'),
      };

const inputsOf = (row: CostingInputRow): CostingInputs => ({
  engagementCurrency: row.engagement_currency,
  rate: rateOf(row),
  contractRate: contractRateOf(row),
});

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

/** An entry's state as held, with the instant of the event that set it. */
export interface HeldEntry {
  state: EntryState;
  stateAt: Date;
}

/** A recorded entry state: the event's entry id and instant, the new state. */
export interface EntryWrite {
  entryId: string;
  at: Date;
  next: EntryState;
}

/** A live entry to re-cost: its state, and the facts it is costed from now. */
export interface EntryToRecost {
  entryId: string;
  state: EntryState;
  inputs: CostingInputs;
}

export type RecostScope = { engagementId: string } | { memberId: string; from: string; until: string | null };

/** Costed time entries as accounting projects them from delivery's entry events. */
export class TimeEntryRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The held state of the entries, locked until the transaction ends (in entry id order). */
  async held(entryIds: readonly string[]): Promise<Map<string, HeldEntry>> {
    const rows = (await this.manager.query(
      `SELECT entry_id, engagement_id, member_id, entry_date::text AS entry_date, minutes, billable, deleted, state_at,
            costing, currency, cost_minor, bill_minor
     FROM costed_time_entries WHERE entry_id = ANY($1::uuid[]) ORDER BY entry_id FOR UPDATE`,
      [entryIds],
    )) as EntryRow[];
    return new Map(
      rows.map((row) => [row.entry_id, { state: stateOf(row), stateAt: row.state_at }] as const),
    );
  }

  /** The costing facts of each entry to cost, in the order given (one statement for all). */
  async costingInputs(
    entries: ReadonlyArray<{ engagementId: string; memberId: string; date: string; roleKey: string | null }>,
  ): Promise<CostingInputs[]> {
    if (entries.length === 0) return [];
    const rows = (await this.manager.query(
      `SELECT e.i, l.currency AS engagement_currency, rate.*, contract_rate.*
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[])
              WITH ORDINALITY AS e(engagement_id, member_id, entry_date, role_key, i)
         LEFT JOIN engagement_ledgers l ON l.engagement_id = e.engagement_id
         ${RATE_IN_FORCE}
         ${CONTRACT_RATE}`,
      [
        entries.map((e) => e.engagementId),
        entries.map((e) => e.memberId),
        entries.map((e) => e.date),
        entries.map((e) => e.roleKey),
      ],
    )) as Array<CostingInputRow & { i: string }>;
    const byIndex: CostingInputs[] = [];
    for (const row of rows) byIndex[Number(row.i) - 1] = inputsOf(row);
    return byIndex;
  }

  /** Stores each entry's new state (one statement whatever their number). */
  async save(changes: readonly EntryWrite[]): Promise<void> {
    await this.manager.query(
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
        changes.map((c) => c.entryId),
        changes.map((c) => c.next.engagementId),
        changes.map((c) => c.next.memberId),
        changes.map((c) => c.next.date),
        changes.map((c) => c.next.minutes),
        changes.map((c) => c.next.billable),
        changes.map((c) => c.next.deleted),
        changes.map((c) => c.at),
        changes.map((c) => c.next.costing),
        changes.map((c) => c.next.currency),
        changes.map((c) => c.next.costMinor.toString()),
        changes.map((c) => c.next.billMinor.toString()),
        changes.map((c) => c.next.roleKey),
        changes.map((c) => c.next.offContract),
      ],
    );
  }

  /** Members with live entries on the engagement. */
  /** The members with live entries on any of the engagements. */
  async membersOfAny(engagementIds: readonly string[]): Promise<string[]> {
    const members = (await this.manager.query(
      `SELECT DISTINCT member_id FROM costed_time_entries WHERE engagement_id = ANY($1::uuid[]) AND NOT deleted`,
      [engagementIds],
    )) as Array<{ member_id: string }>;
    return members.map((m) => m.member_id);
  }

  async membersOf(engagementId: string): Promise<string[]> {
    const members = (await this.manager.query(
      `SELECT DISTINCT member_id FROM costed_time_entries WHERE engagement_id = $1 AND NOT deleted`,
      [engagementId],
    )) as Array<{ member_id: string }>;
    return members.map((m) => m.member_id);
  }

  /** The live entries in scope with the facts they are costed from now, locked until the transaction ends. */
  async toRecost(scope: RecostScope): Promise<EntryToRecost[]> {
    const where =
      'engagementId' in scope
        ? { sql: 'e.engagement_id = $1', params: [scope.engagementId] }
        : {
            sql: 'e.member_id = $1 AND e.entry_date >= $2 AND ($3::date IS NULL OR e.entry_date < $3::date)',
            params: [scope.memberId, scope.from, scope.until],
          };
    const rows = (await this.manager.query(
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
    )) as Array<EntryRow & CostingInputRow>;
    return rows.map((row) => ({ entryId: row.entry_id, state: stateOf(row), inputs: inputsOf(row) }));
  }

  /** Stores new costings of entries (one statement whatever their number). */
  async saveCostings(changed: ReadonlyArray<{ id: string; state: EntryState }>): Promise<void> {
    await this.manager.query(
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
  }
}
