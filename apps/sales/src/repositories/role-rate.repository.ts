import type { EntityManager } from 'typeorm';
import { roleKey, type EventPayload } from '@platform/events';
import { money } from '@platform/money';
import type { RoleCard } from '../domain/estimate';

/** Sales' projection of finance's role rate card (RoleRateSet); history kept, one row per role and date. */
export class RoleRateRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The latest `setAt` wins for a role and date, so a replay in any order ends the same. */
  async record(fact: EventPayload<'RoleRateSet'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO role_rates (role_key, role, effective_from, currency, cost_rate_minor, bill_rate_minor, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (role_key, effective_from) DO UPDATE SET role = excluded.role, currency = excluded.currency,
         cost_rate_minor = excluded.cost_rate_minor, bill_rate_minor = excluded.bill_rate_minor, set_at = excluded.set_at
       WHERE role_rates.set_at <= excluded.set_at`,
      [
        roleKey(fact.role),
        fact.role.trim(),
        fact.effectiveFrom,
        fact.costRate.currency,
        fact.costRate.amountMinor,
        fact.billRate.amountMinor,
        fact.setAt,
      ],
    );
  }

  /** The card in force on `date` for the given roles, keyed by roleKey(). */
  async cardOn(date: string, roles: readonly string[]): Promise<RoleCard> {
    const keys = [...new Set(roles.map(roleKey))];
    if (keys.length === 0) return new Map();
    const rows = (await this.manager.query(
      `SELECT DISTINCT ON (role_key) role_key, currency, cost_rate_minor, bill_rate_minor
       FROM role_rates WHERE role_key = ANY($1::text[]) AND effective_from <= $2
       ORDER BY role_key, effective_from DESC`,
      [keys, date],
    )) as Array<{ role_key: string; currency: string; cost_rate_minor: string; bill_rate_minor: string }>;
    return new Map(
      rows.map((r) => [
        r.role_key,
        {
          costRate: money(BigInt(r.cost_rate_minor), r.currency),
          billRate: money(BigInt(r.bill_rate_minor), r.currency),
        },
      ]),
    );
  }
}
