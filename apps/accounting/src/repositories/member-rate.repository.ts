import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { notFound } from '@platform/errors';
import type { MemberRate } from '../domain/member-rates';

/** Members' rate cards (owned by accounting): every rate ever set, one per member and date. */
export class MemberRateRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * A rate names a team member, whom project-delivery owns: accounting knows members from
   * TeamMemberUpserted (member_labels). An id it has never seen — a typo, a client's id — is
   * NOT_FOUND and nothing is written. A member created a moment ago may not have arrived yet
   * (Kafka delivers it within seconds): the caller retries, as for any projection.
   */
  async requireKnownMember(memberId: string): Promise<void> {
    const [known] = (await this.manager.query(`SELECT 1 FROM member_labels WHERE member_id = $1`, [
      memberId,
    ])) as unknown[];
    if (!known) throw notFound('Team member', memberId, 'input.memberId');
  }

  /** Sets the rate from its date (replacing one set for the same date). */
  async save(rate: MemberRate, setBy: string | null): Promise<void> {
    await this.manager.query(
      `INSERT INTO member_rates (member_id, effective_from, currency, cost_rate_minor, bill_rate_minor, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (member_id, effective_from) DO UPDATE SET currency = excluded.currency,
           cost_rate_minor = excluded.cost_rate_minor, bill_rate_minor = excluded.bill_rate_minor,
           set_by = excluded.set_by, set_at = excluded.set_at`,
      [
        rate.memberId,
        rate.effectiveFrom,
        rate.costRate.currency,
        rate.costRate.minor.toString(),
        rate.billRate.minor.toString(),
        setBy,
      ],
    );
  }

  /** The date the member's next rate after `effectiveFrom` starts; null: none after it. */
  async nextEffectiveFrom(memberId: string, effectiveFrom: string): Promise<string | null> {
    const [next] = (await this.manager.query(
      `SELECT min(effective_from)::text AS until FROM member_rates WHERE member_id = $1 AND effective_from > $2`,
      [memberId, effectiveFrom],
    )) as Array<{ until: string | null }>;
    return next.until;
  }

  /** Engagements the member has confirmed bookings on (their forecast prices those hours). */
  async bookedEngagements(memberId: string): Promise<string[]> {
    const booked = (await this.manager.query(
      `SELECT DISTINCT engagement_id FROM forecast_allocations WHERE member_id = $1 AND status = 'CONFIRMED'`,
      [memberId],
    )) as Array<{ engagement_id: string }>;
    return booked.map((b) => b.engagement_id);
  }

  /** Rate cards of many members in one statement, newest first. */
  async list(memberIds: readonly string[]): Promise<MemberRate[]> {
    const ids = memberIds.filter(isUuid);
    if (ids.length === 0) return [];
    const rows = (await this.manager.query(
      `SELECT member_id, effective_from::text AS effective_from, currency, cost_rate_minor, bill_rate_minor
     FROM member_rates WHERE member_id = ANY($1::uuid[]) ORDER BY member_id, effective_from DESC`,
      [ids],
    )) as Array<{
      member_id: string;
      effective_from: string;
      currency: string;
      cost_rate_minor: string;
      bill_rate_minor: string;
    }>;
    return rows.map((r) => ({
      memberId: r.member_id,
      effectiveFrom: r.effective_from,
      costRate: { minor: BigInt(r.cost_rate_minor), currency: r.currency },
      billRate: { minor: BigInt(r.bill_rate_minor), currency: r.currency },
    }));
  }
}
