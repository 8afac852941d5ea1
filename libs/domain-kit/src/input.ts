import { badInput } from '@platform/errors';
import { MoneyError, parseMoney, type Money } from '@platform/money';

/** A decimal amount and its currency as the API carries them. */
export interface MoneyInput {
  amount: string;
  currency: string;
}

/** Parses a MoneyInput, naming the offending field in BAD_USER_INPUT on failure. */
export function moneyFromInput(input: MoneyInput, field: string): Money {
  try {
    return parseMoney(input.amount, input.currency);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw badInput(error.reason === 'CURRENCY' ? `${field}.currency` : `${field}.amount`, error.message);
    }
    throw error;
  }
}

/** API hours (Float) to whole minutes; refuses fractions of a minute and non-finite values. */
export function minutesFromHours(
  hours: number,
  field: string,
  { allowZero = false, allowNegative = false } = {},
): number {
  if (!Number.isFinite(hours)) throw badInput(field, 'hours must be a finite number');
  const minutes = Math.round(hours * 60);
  if (Math.abs(minutes - hours * 60) > 1e-6) throw badInput(field, 'hours must be a whole number of minutes');
  if (!allowNegative && minutes < 0) throw badInput(field, 'hours must not be negative');
  if (!allowZero && minutes === 0) throw badInput(field, 'hours must be greater than zero');
  return minutes;
}

export const hoursFromMinutes = (minutes: number | bigint): number => Number(minutes) / 60;
