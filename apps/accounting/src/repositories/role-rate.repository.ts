import type { EntityManager } from 'typeorm';
import { roleKey } from '@platform/events';
import type { RoleRate } from '../domain/role-rates';

interface RoleRateRow {
  role: string;
  effective_from: string;
  currency: string;
  cost_rate_minor: string;
  bill_rate_minor: string;
}

const rateOf = (r: RoleRateRow): RoleRate => ({
  role: r.role,
  effectiveFrom: r.effective_from,
  costRate: { minor: BigInt(r.cost_rate_minor), currency: r.currency },
  billRate: { minor: BigInt(r.bill_rate_minor), currency: r.currency },
});

/** The role rate card: every rate ever set is kept; one per role and effective date. */
export class RoleRateRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Sets (or replaces) the role's rate from its date; the name keeps the latest spelling. */
  async save(rate: RoleRate, setBy: string | null, setAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO role_rates (role_key, role, effective_from, currency, cost_rate_minor, bill_rate_minor, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (role_key, effective_from) DO UPDATE SET role = excluded.role, currency = excluded.currency,
         cost_rate_minor = excluded.cost_rate_minor, bill_rate_minor = excluded.bill_rate_minor,
         set_by = excluded.set_by, set_at = excluded.set_at`,
      [
        roleKey(rate.role),
        rate.role,
        rate.effectiveFrom,
        rate.costRate.currency,
        rate.costRate.minor.toString(),
        rate.billRate.minor.toString(),
        setBy,
        setAt,
      ],
    );
  }

  /** The rate in force on `asOf` of every role that has one, by role name. */
  async inForce(asOf: string): Promise<RoleRate[]> {
    const rows = (await this.manager.query(
      `SELECT DISTINCT ON (role_key) role, effective_from::text AS effective_from, currency, cost_rate_minor, bill_rate_minor
       FROM role_rates WHERE effective_from <= $1
       ORDER BY role_key, effective_from DESC`,
      [asOf],
    )) as RoleRateRow[];
    return rows.map(rateOf).sort((a, b) => a.role.localeCompare(b.role));
  }
}
