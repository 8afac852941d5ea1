import type { EntityManager } from 'typeorm';
import { mergeContributions, type RollupContribution } from './costing';
import { monthStart, yearStart } from './dates';

/**
 * Adds contributions (negative to take an entry's old state out) to the three rollup grains in
 * the caller's transaction: three statements whatever the number of entries.
 */
export async function applyRollupDeltas(
  manager: EntityManager,
  contributions: readonly RollupContribution[],
): Promise<void> {
  const daily = mergeContributions(contributions);
  if (daily.length === 0) return;
  const monthly = mergeContributions(daily.map((c) => ({ ...c, memberId: '', day: monthStart(c.day) })));
  const columns = (rows: RollupContribution[]) => [
    rows.map((r) => r.minutes),
    rows.map((r) => r.billableMinutes),
    rows.map((r) => r.costMinor.toString()),
    rows.map((r) => r.billMinor.toString()),
  ];
  await manager.query(
    `INSERT INTO time_rollup_daily (engagement_id, member_id, day, minutes, billable_minutes, cost_minor, bill_minor)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
     ON CONFLICT (engagement_id, day, member_id) DO UPDATE SET
       minutes = time_rollup_daily.minutes + excluded.minutes,
       billable_minutes = time_rollup_daily.billable_minutes + excluded.billable_minutes,
       cost_minor = time_rollup_daily.cost_minor + excluded.cost_minor,
       bill_minor = time_rollup_daily.bill_minor + excluded.bill_minor`,
    [
      daily.map((r) => r.engagementId),
      daily.map((r) => r.memberId),
      daily.map((r) => r.day),
      ...columns(daily),
    ],
  );
  if (monthly.length === 0) return;
  const yearly = mergeContributions(monthly.map((c) => ({ ...c, day: yearStart(c.day) })));
  await manager.query(
    `INSERT INTO time_rollup_monthly (engagement_id, month, minutes, billable_minutes, cost_minor, bill_minor)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
     ON CONFLICT (engagement_id, month) DO UPDATE SET
       minutes = time_rollup_monthly.minutes + excluded.minutes,
       billable_minutes = time_rollup_monthly.billable_minutes + excluded.billable_minutes,
       cost_minor = time_rollup_monthly.cost_minor + excluded.cost_minor,
       bill_minor = time_rollup_monthly.bill_minor + excluded.bill_minor`,
    [monthly.map((r) => r.engagementId), monthly.map((r) => r.day), ...columns(monthly)],
  );
  if (yearly.length === 0) return;
  await manager.query(
    `INSERT INTO time_rollup_yearly (engagement_id, year, minutes, billable_minutes, cost_minor, bill_minor)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
     ON CONFLICT (engagement_id, year) DO UPDATE SET
       minutes = time_rollup_yearly.minutes + excluded.minutes,
       billable_minutes = time_rollup_yearly.billable_minutes + excluded.billable_minutes,
       cost_minor = time_rollup_yearly.cost_minor + excluded.cost_minor,
       bill_minor = time_rollup_yearly.bill_minor + excluded.bill_minor`,
    [yearly.map((r) => r.engagementId), yearly.map((r) => r.day), ...columns(yearly)],
  );
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
 * Serializes costing per member: a rate change and an entry costed concurrently must not each
 * miss the other. Locks are taken in a fixed order so two transactions cannot deadlock on them.
 */
export async function lockMembers(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(memberIds)].sort();
  if (sorted.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('member-rate:' || m, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(m, i) ORDER BY i`,
    [sorted],
  );
}
