import type { EntityManager } from 'typeorm';
import type { RiskReason } from '@platform/events';

/** The risk state last published for an engagement (undefined forecast margin: never published). */
export interface HeldRisk {
  reasons: RiskReason[];
  level: number;
  forecastMargin: string | null | undefined;
}

export interface RiskState {
  id: string;
  reasons: RiskReason[];
  level: number;
  forecastMargin: string | null;
}

export interface AlertState {
  engagementId: string;
  atRisk: boolean;
  marginPercent: number | null;
  burnPercent: number;
}

/** What accounting last published about each engagement's risk: per reason, burn level, alert. */
export class RiskRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Serialises the evaluation of each engagement's risk (transaction-scoped advisory locks, one per
   * engagement, taken in key order and before its figures are read): two transactions that moved
   * the same engagement's figures (say entries on delivery's topic and a change order on
   * engagement's) evaluate one after the other, the later reading its figures only once the
   * earlier committed, so it never compares figures that miss the other's change with the state
   * the other stored (a spurious RiskCleared). Taken after the ledger and member locks and before
   * the actuals' (engagement-actuals.repository.ts), in every transaction, so no cycle can form.
   */
  async serialise(engagementIds: readonly string[]): Promise<void> {
    await this.manager.query(
      `SELECT pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT hashtextextended('accounting:risk:' || id, 0) AS k
             FROM unnest($1::text[]) AS id ORDER BY k) keys`,
      [engagementIds.map((id) => id.toLowerCase())],
    );
  }

  /** The risk state held for the engagements, locked until the transaction ends. */
  async heldRisk(engagementIds: readonly string[]): Promise<Map<string, HeldRisk>> {
    const rows = (await this.manager.query(
      `SELECT engagement_id, reasons, burn_level, forecast_margin_minor, forecast_published
     FROM engagement_risk WHERE engagement_id = ANY($1::uuid[]) FOR UPDATE`,
      [engagementIds],
    )) as Array<{
      engagement_id: string;
      reasons: RiskReason[];
      burn_level: number;
      forecast_margin_minor: string | null;
      forecast_published: boolean;
    }>;
    return new Map(
      rows.map(
        (r) =>
          [
            r.engagement_id,
            {
              reasons: r.reasons,
              level: r.burn_level,
              forecastMargin: r.forecast_published ? r.forecast_margin_minor : undefined,
            },
          ] as const,
      ),
    );
  }

  async saveRisk(changed: readonly RiskState[], now: Date): Promise<void> {
    if (changed.length === 0) return;
    await this.manager.query(
      `INSERT INTO engagement_risk (engagement_id, reasons, burn_level, forecast_margin_minor, forecast_published, changed_at)
     SELECT e.id, string_to_array(e.reasons, ','), e.level, e.forecast_margin, true, $5
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[]) AS e(id, reasons, level, forecast_margin)
     ON CONFLICT (engagement_id) DO UPDATE SET reasons = excluded.reasons, burn_level = excluded.burn_level,
       forecast_margin_minor = excluded.forecast_margin_minor, forecast_published = true,
       changed_at = excluded.changed_at`,
      [
        changed.map((c) => c.id),
        changed.map((c) => c.reasons.join(',')),
        changed.map((c) => c.level),
        changed.map((c) => c.forecastMargin),
        now,
      ],
    );
  }

  /** Whether each engagement was at risk when last evaluated, locked until the transaction ends. */
  async heldAlerts(engagementIds: readonly string[]): Promise<Map<string, boolean>> {
    const held = (await this.manager.query(
      `SELECT engagement_id, at_risk FROM margin_alerts WHERE engagement_id = ANY($1::uuid[]) FOR UPDATE`,
      [engagementIds],
    )) as Array<{ engagement_id: string; at_risk: boolean }>;
    return new Map(held.map((h) => [h.engagement_id, h.at_risk] as const));
  }

  async saveAlerts(stored: readonly AlertState[], now: Date): Promise<void> {
    if (stored.length === 0) return;
    await this.manager.query(
      `INSERT INTO margin_alerts (engagement_id, at_risk, margin_percent, burn_percent, changed_at)
     SELECT e.id, e.at_risk, e.margin_percent, e.burn_percent, $5
     FROM unnest($1::uuid[], $2::boolean[], $3::numeric[], $4::numeric[]) AS e(id, at_risk, margin_percent, burn_percent)
     ON CONFLICT (engagement_id) DO UPDATE SET at_risk = excluded.at_risk, margin_percent = excluded.margin_percent,
       burn_percent = excluded.burn_percent, changed_at = excluded.changed_at`,
      [
        stored.map((f) => f.engagementId),
        stored.map((f) => f.atRisk),
        stored.map((f) => f.marginPercent),
        stored.map((f) => f.burnPercent),
        now,
      ],
    );
  }

  /** One instance sweeps at a time: a transaction-scoped advisory lock, false when another holds it. */
  async trySweepLock(): Promise<boolean> {
    const [{ locked }] = (await this.manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('accounting:margin-sweep', 0)) AS locked`,
    )) as Array<{ locked: boolean }>;
    return locked;
  }

  /** Open engagements after `after` in id order, at most `limit`. */
  async openEngagementsAfter(after: string, limit: number): Promise<string[]> {
    const rows = (await this.manager.query(
      `SELECT engagement_id FROM engagement_ledgers
         WHERE closed_at IS NULL AND engagement_id > $1 ORDER BY engagement_id LIMIT $2`,
      [after, limit],
    )) as Array<{ engagement_id: string }>;
    return rows.map((r) => r.engagement_id);
  }
}
