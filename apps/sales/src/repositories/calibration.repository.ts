import type { EntityManager } from 'typeorm';
import { roleKey, type EventPayload } from '@platform/events';
import { CALIBRATION_WINDOW, type CalibrationSample } from '../domain/calibration';

/** The calibration history: closed engagements' estimated and actual minutes by role. */
export class CalibrationRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The latest actuals of an engagement replace what was held for it (one set per engagement). */
  async record(p: EventPayload<'EngagementActualsRecorded'>): Promise<void> {
    const engagementId = p.engagementId.toLowerCase();
    await this.manager.query(`DELETE FROM calibration_samples WHERE engagement_id = $1`, [engagementId]);
    const byRole = new Map<string, { role: string; estimated: number; actual: number }>();
    for (const r of p.roles) {
      const key = roleKey(r.role);
      const held = byRole.get(key) ?? { role: r.role.trim(), estimated: 0, actual: 0 };
      held.estimated += r.estimatedMinutes;
      held.actual += r.actualMinutes;
      byRole.set(key, held);
    }
    if (byRole.size === 0) return;
    const rows = [...byRole.entries()];
    await this.manager.query(
      `INSERT INTO calibration_samples (engagement_id, role_key, role, estimated_minutes, actual_minutes, closed_at)
       SELECT $1, r.role_key, r.role, r.estimated, r.actual, $2
       FROM unnest($3::text[], $4::text[], $5::int[], $6::int[]) AS r(role_key, role, estimated, actual)`,
      [
        engagementId,
        new Date(p.closedAt),
        rows.map(([key]) => key),
        rows.map(([, r]) => r.role),
        rows.map(([, r]) => r.estimated),
        rows.map(([, r]) => r.actual),
      ],
    );
  }

  /** Per role key, the newest CALIBRATION_WINDOW samples that estimated the role. */
  async samplesForRoles(roleKeys: readonly string[]): Promise<CalibrationSample[]> {
    if (roleKeys.length === 0) return [];
    const rows = (await this.manager.query(
      `SELECT engagement_id, role_key, estimated_minutes, actual_minutes, closed_at FROM (
         SELECT s.*, row_number() OVER (PARTITION BY role_key ORDER BY closed_at DESC, engagement_id) AS n
         FROM calibration_samples s
         WHERE role_key = ANY($1::text[]) AND estimated_minutes > 0
       ) ranked WHERE n <= $2`,
      [[...new Set(roleKeys)], CALIBRATION_WINDOW],
    )) as Array<{
      engagement_id: string;
      role_key: string;
      estimated_minutes: number;
      actual_minutes: number;
      closed_at: Date;
    }>;
    return rows.map((r) => ({
      engagementId: r.engagement_id,
      roleKey: r.role_key,
      estimatedMinutes: r.estimated_minutes,
      actualMinutes: r.actual_minutes,
      closedAt: new Date(r.closed_at),
    }));
  }
}
