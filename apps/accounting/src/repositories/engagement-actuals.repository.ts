import type { EntityManager } from 'typeorm';
import type { EngagementActuals, RoleActual } from '../domain/estimate-accuracy';
import type { PricingModel } from '../domain/recognition';

interface EngagementRow {
  engagement_id: string;
  client_id: string;
  client_name: string;
  seller_id: string | null;
  seller_name: string | null;
  pricing_model: PricingModel;
  closed_at: Date;
}

interface RoleRow {
  engagement_id: string;
  role_key: string;
  role: string;
  estimated_minutes: number;
  actual_minutes: number;
}

/**
 * What a closed engagement estimated and spent by role: the contract's rate table (its minutes
 * per role) beside the minutes of the entries logged under each role. Computed from the facts
 * held, so a projection rebuilt from the topics reads the same figures.
 */
export class EngagementActualsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Keeps who sold a contract (its estimator); the first copy of the fact wins. */
  async recordSeller(contractId: string, opportunityId: string, sellerId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO contract_sellers (contract_id, opportunity_id, seller_id) VALUES ($1, $2, $3)
       ON CONFLICT (contract_id) DO NOTHING`,
      [contractId, opportunityId, sellerId],
    );
  }

  /** The engagement of a contract, if accounting has seen it open. */
  async engagementOfContract(contractId: string): Promise<string | null> {
    const [row] = (await this.manager.query(
      `SELECT engagement_id FROM engagement_ledgers WHERE contract_id = $1`,
      [contractId],
    )) as Array<{ engagement_id: string }>;
    return row?.engagement_id ?? null;
  }

  /**
   * Records the figures an engagement's actuals event states; false when these very figures
   * were already published (nothing to say again).
   */
  async markPublished(engagementId: string, figures: string, at: Date): Promise<boolean> {
    const changed = (await this.manager.query(
      `INSERT INTO engagement_actuals_published (engagement_id, figures, published_at) VALUES ($1, $2, $3)
       ON CONFLICT (engagement_id) DO UPDATE SET figures = excluded.figures, published_at = excluded.published_at
       WHERE engagement_actuals_published.figures <> excluded.figures
       RETURNING engagement_id`,
      [engagementId, figures, at],
    )) as unknown[];
    return changed.length > 0;
  }

  /**
   * Serialises the judging of each engagement's actuals (transaction-scoped advisory locks, one
   * per engagement, taken in key order): a close, a contract and late entries of one engagement,
   * read by different consumers in concurrent transactions, are judged one after the other, the
   * later seeing what the earlier committed. Taken last in a chunk, after every ledger row lock
   * it takes, so no deadlock cycle can run through them; other engagements are not held up.
   */
  async serialise(engagementIds: readonly string[]): Promise<void> {
    await this.manager.query(
      `SELECT pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT hashtext('accounting:actuals:' || id) AS k FROM unnest($1::text[]) AS id ORDER BY k) keys`,
      [engagementIds.map((id) => id.toLowerCase())],
    );
  }

  /** Which of the engagements accounting knows the contract of (who sold it, what it estimated). */
  async withKnownContract(engagementIds: readonly string[]): Promise<Set<string>> {
    const rows = (await this.manager.query(
      `SELECT l.engagement_id FROM engagement_ledgers l JOIN contract_sellers s ON s.contract_id = l.contract_id
       WHERE l.engagement_id = ANY($1::uuid[]) AND l.closed_at IS NOT NULL`,
      [engagementIds],
    )) as Array<{ engagement_id: string }>;
    return new Set(rows.map((r) => r.engagement_id));
  }

  /** Closed engagements among the ids, with their actuals by role. */
  async closedByIds(engagementIds: readonly string[]): Promise<EngagementActuals[]> {
    return this.load(`l.engagement_id = ANY($1::uuid[])`, [engagementIds]);
  }

  /** Engagements closed on a UTC date in [from, to], with their actuals by role. */
  async closedBetween(from: string, to: string): Promise<EngagementActuals[]> {
    return this.load(`(l.closed_at AT TIME ZONE 'UTC')::date BETWEEN $1::date AND $2::date`, [from, to]);
  }

  private async load(where: string, params: unknown[]): Promise<EngagementActuals[]> {
    const engagements = (await this.manager.query(
      `SELECT l.engagement_id, l.client_id, coalesce(cl.name, l.client_name) AS client_name,
              s.seller_id, ml.name AS seller_name, l.pricing_model, l.closed_at
       FROM engagement_ledgers l
       LEFT JOIN contract_sellers s ON s.contract_id = l.contract_id
       LEFT JOIN client_labels cl ON cl.client_id = l.client_id
       LEFT JOIN member_labels ml ON ml.member_id = s.seller_id
       WHERE l.closed_at IS NOT NULL AND ${where}
       ORDER BY l.closed_at, l.engagement_id`,
      params,
    )) as EngagementRow[];
    if (engagements.length === 0) return [];
    const ids = engagements.map((e) => e.engagement_id);
    // Estimated: the contract's minutes per role. Actual: minutes of live entries per role.
    // A role worked but not estimated shows with 0 estimated, spelled as the role card spells it.
    const roles = (await this.manager.query(
      `WITH estimated AS (
         SELECT l.engagement_id, r.role_key, r.role, r.minutes
         FROM engagement_ledgers l JOIN contract_rates r ON r.contract_id = l.contract_id
         WHERE l.engagement_id = ANY($1::uuid[])
       ), actual AS (
         SELECT engagement_id, role_key, sum(minutes)::int AS minutes
         FROM costed_time_entries
         WHERE engagement_id = ANY($1::uuid[]) AND NOT deleted AND role_key IS NOT NULL
         GROUP BY engagement_id, role_key
       )
       SELECT coalesce(e.engagement_id, a.engagement_id) AS engagement_id,
              coalesce(e.role_key, a.role_key) AS role_key,
              coalesce(e.role, (SELECT rr.role FROM role_rates rr WHERE rr.role_key = a.role_key
                                ORDER BY rr.effective_from DESC LIMIT 1), a.role_key) AS role,
              coalesce(e.minutes, 0)::int AS estimated_minutes,
              coalesce(a.minutes, 0)::int AS actual_minutes
       FROM estimated e FULL JOIN actual a ON a.engagement_id = e.engagement_id AND a.role_key = e.role_key
       ORDER BY 1, 3, 2`,
      [ids],
    )) as RoleRow[];
    const byEngagement = new Map<string, RoleActual[]>();
    for (const r of roles) {
      const list = byEngagement.get(r.engagement_id) ?? [];
      list.push({
        roleKey: r.role_key,
        role: r.role,
        estimatedMinutes: r.estimated_minutes,
        actualMinutes: r.actual_minutes,
      });
      byEngagement.set(r.engagement_id, list);
    }
    return engagements.map((e) => ({
      engagementId: e.engagement_id,
      clientId: e.client_id,
      clientName: e.client_name,
      estimatorId: e.seller_id,
      estimatorName: e.seller_name,
      templateId: null,
      pricingModel: e.pricing_model,
      closedAt: new Date(e.closed_at),
      roles: byEngagement.get(e.engagement_id) ?? [],
    }));
  }
}
