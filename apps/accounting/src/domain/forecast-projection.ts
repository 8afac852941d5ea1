import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';

/**
 * Delivery's allocations and time off, kept for the forecast. AllocationPlanned carries the whole
 * state: the latest change wins, so a late or replayed older state changes nothing. Each returns
 * the engagements whose forecast may have moved: every engagement the member is allocated to,
 * since time off is taken across all of a member's allocations in the order they were made.
 */
export async function applyAllocationPlanned(
  manager: EntityManager,
  p: EventPayload<'AllocationPlanned'>,
): Promise<string[]> {
  await manager.query(
    `INSERT INTO forecast_allocations (allocation_id, member_id, engagement_id, project_id, minutes_per_week,
       from_date, to_date, status, created_at, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (allocation_id) DO UPDATE SET minutes_per_week = excluded.minutes_per_week,
       from_date = excluded.from_date, to_date = excluded.to_date, status = excluded.status,
       changed_at = excluded.changed_at
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
    ],
  );
  return engagementsOfMember(manager, p.memberId.toLowerCase(), [p.engagementId.toLowerCase()]);
}

export async function applyTimeOffRecorded(
  manager: EntityManager,
  p: EventPayload<'TimeOffRecorded'>,
): Promise<string[]> {
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
  return engagementsOfMember(manager, p.memberId.toLowerCase());
}

export async function applyTimeOffCancelled(
  manager: EntityManager,
  p: EventPayload<'TimeOffCancelled'>,
): Promise<string[]> {
  await manager.query(`UPDATE forecast_time_off SET cancelled_at = $2 WHERE time_off_id = $1`, [
    p.timeOffId.toLowerCase(),
    new Date(p.cancelledAt),
  ]);
  return engagementsOfMember(manager, p.memberId.toLowerCase());
}

async function engagementsOfMember(
  manager: EntityManager,
  memberId: string,
  also: readonly string[] = [],
): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT engagement_id FROM forecast_allocations WHERE member_id = $1`,
    [memberId],
  )) as Array<{ engagement_id: string }>;
  return [...new Set([...also, ...rows.map((r) => r.engagement_id)])];
}
