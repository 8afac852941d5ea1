import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';
import type { ForecastFacts } from '../domain/forecast';
import { optionalRoleKey } from '../domain/role-rates';

// The forecast's SQL: delivery's allocations and time off kept for it, and the facts it reads.

/**
 * Delivery's allocations and time off, kept for the forecast. AllocationPlanned carries the whole
 * state: the latest change wins, so a late or replayed older state changes nothing.
 */
export async function upsertAllocation(
  manager: EntityManager,
  p: EventPayload<'AllocationPlanned'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO forecast_allocations (allocation_id, member_id, engagement_id, project_id, minutes_per_week,
       from_date, to_date, status, created_at, changed_at, role_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (allocation_id) DO UPDATE SET minutes_per_week = excluded.minutes_per_week,
       from_date = excluded.from_date, to_date = excluded.to_date, status = excluded.status,
       changed_at = excluded.changed_at, role_key = excluded.role_key
     WHERE forecast_allocations.changed_at <= excluded.changed_at`,
    [
      p.allocationId.toLowerCase(),
      p.memberId.toLowerCase(),
      p.engagementId.toLowerCase(),
      p.projectId.toLowerCase(),
      p.minutesPerWeek,
      p.from,
      p.to,
      p.status,
      new Date(p.createdAt),
      new Date(p.changedAt),
      optionalRoleKey(p.role),
    ],
  );
}

export async function insertTimeOff(
  manager: EntityManager,
  p: EventPayload<'TimeOffRecorded'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO forecast_time_off (time_off_id, member_id, from_date, to_date, minutes_per_day, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (time_off_id) DO NOTHING`,
    [
      p.timeOffId.toLowerCase(),
      p.memberId.toLowerCase(),
      p.from,
      p.to,
      p.minutesPerDay,
      new Date(p.recordedAt),
    ],
  );
}

export async function cancelTimeOff(
  manager: EntityManager,
  p: EventPayload<'TimeOffCancelled'>,
): Promise<void> {
  await manager.query(`UPDATE forecast_time_off SET cancelled_at = $2 WHERE time_off_id = $1`, [
    p.timeOffId.toLowerCase(),
    new Date(p.cancelledAt),
  ]);
}

/** Every engagement the members are allocated to, and `also`. */
export async function engagementsOfMembers(
  manager: EntityManager,
  memberIds: readonly string[],
  also: readonly string[] = [],
): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT engagement_id FROM forecast_allocations WHERE member_id = ANY($1::uuid[])`,
    [memberIds],
  )) as Array<{ engagement_id: string }>;
  return [...new Set([...also, ...rows.map((r) => r.engagement_id)])];
}

/**
 * In ONE statement, whatever the number of engagements: the confirmed allocations still running
 * after `asOf` of every member allocated to these engagements (all their engagements: time off
 * is taken across them), those members' time off, rates and primary roles, and the engagements'
 * rate tables (the contract's, and the rates approved change orders set).
 */
export async function loadForecastFacts(
  manager: EntityManager,
  engagementIds: readonly string[],
  asOf: string,
): Promise<ForecastFacts> {
  if (engagementIds.length === 0)
    return { allocations: [], timeOff: [], rates: [], contractRates: [], primaryRoles: new Map() };
  const [row] = (await manager.query(
    `WITH members AS (
       SELECT DISTINCT member_id FROM forecast_allocations
       WHERE engagement_id = ANY($1::uuid[]) AND status = 'CONFIRMED' AND to_date > $2::date)
     SELECT
       (SELECT coalesce(json_agg(json_build_array(a.allocation_id, a.member_id, a.engagement_id, a.minutes_per_week,
                 a.from_date, a.to_date, a.created_at, a.role_key)), '[]')
        FROM forecast_allocations a
        WHERE a.member_id IN (SELECT member_id FROM members) AND a.status = 'CONFIRMED' AND a.to_date > $2::date)
         AS allocations,
       (SELECT coalesce(json_agg(json_build_array(t.member_id, t.minutes_per_day, t.from_date, t.to_date)), '[]')
        FROM forecast_time_off t
        WHERE t.member_id IN (SELECT member_id FROM members) AND t.cancelled_at IS NULL AND t.to_date > $2::date)
         AS time_off,
       (SELECT coalesce(json_agg(json_build_array(r.member_id, r.effective_from, r.currency, r.cost_rate_minor::text,
                 r.bill_rate_minor::text)), '[]')
        FROM member_rates r WHERE r.member_id IN (SELECT member_id FROM members)) AS rates,
       (SELECT coalesce(json_agg(json_build_array(m.member_id, m.primary_role_key)), '[]')
        FROM member_labels m
        WHERE m.member_id IN (SELECT member_id FROM members) AND m.primary_role_key IS NOT NULL) AS primary_roles,
       (SELECT coalesce(json_agg(json_build_array(x.engagement_id, x.role_key, x.currency, x.bill_rate_minor::text,
                 x.approved_on, x.approved_ms)), '[]')
        FROM (
          SELECT l.engagement_id, cr.role_key, cr.currency, cr.bill_rate_minor, NULL::text AS approved_on,
                 NULL::float8 AS approved_ms
          FROM engagement_ledgers l JOIN contract_rates cr ON cr.contract_id = l.contract_id
          WHERE l.engagement_id = ANY($1::uuid[])
          UNION ALL
          SELECT co.engagement_id, co.role_key, co.currency, co.bill_rate_minor, co.approved_at::date::text,
                 extract(epoch FROM co.approved_at) * 1000
          FROM change_order_rates co WHERE co.engagement_id = ANY($1::uuid[])
        ) x) AS contract_rates`,
    [engagementIds, asOf],
  )) as Array<{
    allocations: Array<[string, string, string, number, string, string, string, string | null]>;
    time_off: Array<[string, number, string, string]>;
    rates: Array<[string, string, string, string, string]>;
    primary_roles: Array<[string, string]>;
    contract_rates: Array<[string, string, string, string, string | null, number | null]>;
  }>;
  return {
    allocations: row.allocations.map(
      ([id, memberId, engagementId, minutesPerWeek, from, to, createdAt, allocationRole]) => ({
        id,
        memberId,
        engagementId,
        minutesPerWeek,
        from,
        to,
        status: 'CONFIRMED',
        createdAt: new Date(createdAt).toISOString(),
        roleKey: allocationRole,
      }),
    ),
    timeOff: row.time_off.map(([memberId, minutesPerDay, from, to]) => ({
      memberId,
      minutesPerDay,
      from,
      to,
    })),
    rates: row.rates.map(([memberId, effectiveFrom, currency, cost, bill]) => ({
      memberId,
      effectiveFrom,
      currency,
      costRateMinor: BigInt(cost),
      billRateMinor: BigInt(bill),
    })),
    primaryRoles: new Map(row.primary_roles),
    contractRates: row.contract_rates.map(([engagementId, role, currency, bill, approvedOn, approvedMs]) => ({
      engagementId,
      roleKey: role,
      currency,
      billRateMinor: BigInt(bill),
      approved: approvedOn === null ? null : { on: approvedOn, at: Number(approvedMs) },
    })),
  };
}
