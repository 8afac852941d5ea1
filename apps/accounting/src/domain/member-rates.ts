import { badInput } from '@platform/errors';
import { isCalendarDate, isUuid, moneyFromInput, type MoneyInput } from '@platform/domain-kit';
import type { Money } from '@platform/money';

export interface SetMemberRateInput {
  memberId: string;
  costRate: MoneyInput;
  billRate: MoneyInput;
  effectiveFrom: string;
}

export interface MemberRate {
  memberId: string;
  costRate: Money;
  billRate: Money;
  effectiveFrom: string;
}

/** Validates everything before any write: ISO 4217, the currency's decimals, ≥ 0, one currency. */
export function parseRateInput(input: SetMemberRateInput): MemberRate {
  if (!isUuid(input.memberId)) throw badInput('input.memberId', 'memberId must be a team member id (uuid)');
  const costRate = moneyFromInput(input.costRate, 'input.costRate');
  const billRate = moneyFromInput(input.billRate, 'input.billRate');
  if (costRate.minor < 0n) throw badInput('input.costRate.amount', 'a cost rate cannot be negative');
  if (billRate.minor < 0n) throw badInput('input.billRate.amount', 'a bill rate cannot be negative');
  if (billRate.currency !== costRate.currency) {
    throw badInput(
      'input.billRate.currency',
      'cost and bill rates must be in the same currency; currencies never mix',
    );
  }
  if (!isCalendarDate(input.effectiveFrom))
    throw badInput('input.effectiveFrom', 'effectiveFrom must be a date');
  return { memberId: input.memberId.toLowerCase(), costRate, billRate, effectiveFrom: input.effectiveFrom };
}
