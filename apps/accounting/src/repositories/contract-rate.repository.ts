import type { EntityManager } from 'typeorm';
import { roleKey, type EventMoney } from '@platform/events';

/**
 * The rate tables time-and-materials revenue is billed at: what each contract froze at signing
 * and what approved change orders added. Writes keep the first copy of a fact, so a replay or a
 * redelivery stores the same rows.
 */
export class ContractRateRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Stores a signed contract's rate table; returns the engagement whose entries it prices, if open. */
  async recordContractRates(
    contractId: string,
    rates: ReadonlyArray<{ role: string; billRate: EventMoney; minutes: number }>,
  ): Promise<string | null> {
    if (rates.length > 0) {
      await this.manager.query(
        `INSERT INTO contract_rates (contract_id, role_key, role, currency, bill_rate_minor, minutes)
         SELECT $1, r.role_key, r.role, r.currency, r.bill_rate_minor, r.minutes
         FROM unnest($2::text[], $3::text[], $4::char(3)[], $5::bigint[], $6::int[])
              AS r(role_key, role, currency, bill_rate_minor, minutes)
         ON CONFLICT (contract_id, role_key) DO NOTHING`,
        [
          contractId,
          rates.map((r) => roleKey(r.role)),
          rates.map((r) => r.role.trim()),
          rates.map((r) => r.billRate.currency),
          rates.map((r) => r.billRate.amountMinor),
          rates.map((r) => r.minutes),
        ],
      );
    }
    const [ledger] = (await this.manager.query(
      `SELECT engagement_id FROM engagement_ledgers WHERE contract_id = $1`,
      [contractId],
    )) as Array<{ engagement_id: string }>;
    return ledger?.engagement_id ?? null;
  }

  /** Rates an approved change order adds to (or changes in) the engagement's rate table. */
  async recordChangeOrderRates(
    engagementId: string,
    changeOrderId: string,
    rates: ReadonlyArray<{ role: string; billRate: EventMoney }>,
    approvedAt: Date,
  ): Promise<boolean> {
    if (rates.length === 0) return false;
    const inserted = (await this.manager.query(
      `INSERT INTO change_order_rates (engagement_id, change_order_id, role_key, role, currency, bill_rate_minor, approved_at)
       SELECT $1, $2, r.role_key, r.role, r.currency, r.bill_rate_minor, $3
       FROM unnest($4::text[], $5::text[], $6::char(3)[], $7::bigint[]) AS r(role_key, role, currency, bill_rate_minor)
       ON CONFLICT DO NOTHING RETURNING role_key`,
      [
        engagementId,
        changeOrderId,
        approvedAt,
        rates.map((r) => roleKey(r.role)),
        rates.map((r) => r.role.trim()),
        rates.map((r) => r.billRate.currency),
        rates.map((r) => r.billRate.amountMinor),
      ],
    )) as unknown[];
    return inserted.length > 0;
  }
}
