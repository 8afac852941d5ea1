import { badInput } from '@platform/errors';
import { roleKey } from '@platform/events';
import type { Money } from '@platform/money';
import { isCalendarDate } from '@platform/domain-kit';

/** A role's rates from a date (ARCHITECTURE.md, "Rate cards and honest estimates"). */
export interface RoleRate {
  role: string;
  costRate: Money;
  billRate: Money;
  effectiveFrom: string;
}

const MAX_ROLE_LENGTH = 100;

/**
 * Validates a role rate as member rates are validated (amounts already parsed from the input:
 * ISO 4217, the currency's decimals): ≥ 0, one currency, a calendar date, and a role name of
 * 1..100 characters once trimmed. Pure: nothing is read or written.
 */
export function parseRoleRate(input: {
  role: string;
  costRate: Money;
  billRate: Money;
  effectiveFrom: string;
}): RoleRate {
  const role = input.role.trim();
  if (role.length === 0) throw badInput('input.role', 'a role needs a name, e.g. "Developer"');
  if (role.length > MAX_ROLE_LENGTH)
    throw badInput('input.role', `a role name has at most ${MAX_ROLE_LENGTH} characters`);
  if (input.costRate.minor < 0n) throw badInput('input.costRate.amount', 'a cost rate cannot be negative');
  if (input.billRate.minor < 0n) throw badInput('input.billRate.amount', 'a bill rate cannot be negative');
  if (input.billRate.currency !== input.costRate.currency) {
    throw badInput(
      'input.billRate.currency',
      'cost and bill rates must be in the same currency; currencies never mix',
    );
  }
  if (!isCalendarDate(input.effectiveFrom))
    throw badInput('input.effectiveFrom', 'effectiveFrom must be a date');
  return { ...input, role };
}

/** A role as roleKey() (trimmed, lower case), or null when an event names none (null or blank). */
export const optionalRoleKey = (role: string | null | undefined): string | null =>
  role === null || role === undefined || role.trim() === '' ? null : roleKey(role);
