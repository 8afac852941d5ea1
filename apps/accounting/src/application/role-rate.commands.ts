import type { DataSource } from 'typeorm';
import { toEventMoney } from '@platform/events';
import type { Outbox } from '@platform/messaging';
import type { Money } from '@platform/money';
import { isUuid } from '../domain/ids';
import { parseRoleRate, type RoleRate } from '../domain/role-rates';
import { RoleRateRepository } from '../repositories/role-rate.repository';

export interface RoleRateDeps {
  dataSource: DataSource;
  outbox: Outbox;
}

/**
 * Sets a role's rates from a date and publishes RoleRateSet in the same transaction (sales
 * costs estimates from its projection of the card). Nothing signed moves: a contract froze its
 * rates, and time entries are costed at member rates. The caller is FINANCE or ADMIN.
 */
export async function setRoleRate(
  deps: RoleRateDeps,
  input: { role: string; costRate: Money; billRate: Money; effectiveFrom: string },
  setBy: string,
  now: Date,
): Promise<RoleRate> {
  const rate = parseRoleRate(input);
  await deps.dataSource.transaction(async (manager) => {
    await new RoleRateRepository(manager).save(rate, isUuid(setBy) ? setBy.toLowerCase() : null, now);
    await deps.outbox.publish(manager, 'RoleRateSet', {
      role: rate.role,
      costRate: toEventMoney(rate.costRate),
      billRate: toEventMoney(rate.billRate),
      effectiveFrom: rate.effectiveFrom,
      setAt: now.toISOString(),
    });
  });
  return rate;
}

export const roleRatesInForce = (dataSource: DataSource, asOf: string): Promise<RoleRate[]> =>
  new RoleRateRepository(dataSource.manager).inForce(asOf);
