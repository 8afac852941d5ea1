import type { EntityManager } from 'typeorm';
import { mergeContributions, type RollupContribution } from '../domain/costing';
import { monthStart, yearStart } from '@platform/domain-kit';

/** The rollup grains, finest first: each row of a coarser grain sums rows of the finer one. */
const GRAINS = [
  { table: 'time_rollup_daily', period: 'day', byMember: true, periodOf: (day: string) => day },
  { table: 'time_rollup_monthly', period: 'month', byMember: false, periodOf: monthStart },
  { table: 'time_rollup_yearly', period: 'year', byMember: false, periodOf: yearStart },
] as const;

/** Adds merged contributions to one grain's table: a single upsert whatever their number. */
async function addToGrain(
  manager: EntityManager,
  grain: (typeof GRAINS)[number],
  rows: readonly RollupContribution[],
): Promise<void> {
  const { table, period, byMember } = grain;
  const keys = ['engagement_id', ...(byMember ? ['member_id'] : []), period];
  const keyTypes = ['uuid', ...(byMember ? ['uuid'] : []), 'date'];
  const sums = ['minutes', 'billable_minutes', 'cost_minor', 'bill_minor'];
  const params = [
    rows.map((r) => r.engagementId),
    ...(byMember ? [rows.map((r) => r.memberId)] : []),
    rows.map((r) => r.day),
    rows.map((r) => r.minutes),
    rows.map((r) => r.billableMinutes),
    rows.map((r) => r.costMinor.toString()),
    rows.map((r) => r.billMinor.toString()),
  ];
  const arrays = [...keyTypes, 'bigint', 'bigint', 'bigint', 'bigint'].map(
    (type, i) => `$${i + 1}::${type}[]`,
  );
  await manager.query(
    `INSERT INTO ${table} (${[...keys, ...sums].join(', ')})
     SELECT * FROM unnest(${arrays.join(', ')})
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
       ${sums.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`,
    params,
  );
}

/**
 * Adds contributions (negative to take an entry's old state out) to the three rollup grains in
 * the caller's transaction: three statements whatever the number of entries.
 */
export async function applyRollupDeltas(
  manager: EntityManager,
  contributions: readonly RollupContribution[],
): Promise<void> {
  let rows = contributions;
  for (const grain of GRAINS) {
    rows = mergeContributions(
      rows.map((c) => ({ ...c, memberId: grain.byMember ? c.memberId : '', day: grain.periodOf(c.day) })),
    );
    if (rows.length === 0) return;
    await addToGrain(manager, grain, rows);
  }
}

/** Marks the ledgers whose figures just changed (Engagement.financials.updatedAt), each at its own instant. */
export async function touchLedgers(
  manager: EntityManager,
  changedAt: ReadonlyMap<string, Date>,
): Promise<void> {
  if (changedAt.size === 0) return;
  await manager.query(
    `UPDATE engagement_ledgers l SET updated_at = greatest(l.updated_at, c.at)
     FROM unnest($1::uuid[], $2::timestamptz[]) AS c(engagement_id, at)
     WHERE l.engagement_id = c.engagement_id`,
    [[...changedAt.keys()], [...changedAt.values()]],
  );
}

/**
 * Serializes an engagement's entries with its ledger: entries of an engagement whose ledger is not
 * yet open are held uncosted and re-costed when it opens (or its contract's rates arrive). The two
 * run in different consumer transactions (delivery's topic and engagement's/sales'), so without
 * this lock the entries could commit uncosted just after the opening's re-costing looked for them,
 * and stay so. Taken before the member locks, in a fixed order, so no two transactions deadlock.
 */
export async function lockEngagements(
  manager: EntityManager,
  engagementIds: readonly string[],
): Promise<void> {
  const sorted = [...new Set(engagementIds.map((id) => id.toLowerCase()))].sort();
  if (sorted.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('ledger:' || e, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(e, i) ORDER BY i`,
    [sorted],
  );
}

/**
 * Serializes costing per member: a rate change and an entry costed concurrently must not each
 * miss the other. Locks are taken in a fixed order so two transactions cannot deadlock on them.
 * Entry costing takes them SHARED: it only reads the member's rates, so the chunks of several
 * partitions cost the same members at once, while a rate change, a re-costing or a booking
 * (EXCLUSIVE) still waits for them and they for it.
 */
export async function lockMembers(
  manager: EntityManager,
  memberIds: readonly string[],
  mode: 'exclusive' | 'shared' = 'exclusive',
  /** Members locked EXCLUSIVE whatever `mode` (in the same statement, in the same key order). */
  exclusive: readonly string[] = [],
): Promise<void> {
  const always = new Set(exclusive);
  const sorted = [...new Set([...memberIds, ...exclusive])].sort();
  if (sorted.length === 0) return;
  // One statement, in key order: a member asked for both ways is locked EXCLUSIVE only (taking it
  // SHARED first and EXCLUSIVE later would wait on, and deadlock with, another shared holder).
  await manager.query(
    `SELECT CASE WHEN x THEN pg_advisory_xact_lock(k)::text ELSE pg_advisory_xact_lock_shared(k)::text END
     FROM (SELECT hashtextextended('member-rate:' || m, 0) AS k, x, i
           FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS t(m, x, i)) keys ORDER BY i`,
    [sorted, sorted.map((m) => mode === 'exclusive' || always.has(m))],
  );
}
