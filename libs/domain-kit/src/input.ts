import { badInput } from '@platform/errors';
import { MoneyError, parseMoney, type Money } from '@platform/money';

/** A decimal amount and its currency as the API carries them. */
export interface MoneyInput {
  amount: string;
  currency: string;
}

/**
 * Parses a MoneyInput, naming the offending field in BAD_USER_INPUT on failure: an unknown or
 * lower-case currency (`field.currency`), not a decimal, more decimals than the currency has, or
 * 10^17 minor units or more either way (`field.amount`).
 */
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

/**
 * The most hours any one input may carry, either way: 100,000 h, setEstimate's bound for a line
 * (6,000,000 minutes, far inside a PostgreSQL integer even summed over many rows).
 */
export const MAX_INPUT_HOURS = 100_000;

/**
 * API hours (Float) to whole minutes; refuses fractions of a minute, non-finite values and more
 * than `MAX_INPUT_HOURS` either way.
 */
export function minutesFromHours(
  hours: number,
  field: string,
  { allowZero = false, allowNegative = false } = {},
): number {
  if (!Number.isFinite(hours)) throw badInput(field, 'hours must be a finite number');
  if (Math.abs(hours) > MAX_INPUT_HOURS) throw badInput(field, `must be at most ${MAX_INPUT_HOURS} hours`);
  const minutes = Math.round(hours * 60);
  if (Math.abs(minutes - hours * 60) > 1e-6) throw badInput(field, 'hours must be a whole number of minutes');
  if (!allowNegative && minutes < 0) throw badInput(field, 'hours must not be negative');
  if (!allowZero && minutes === 0) throw badInput(field, 'hours must be greater than zero');
  return minutes;
}

export const hoursFromMinutes = (minutes: number | bigint): number => Number(minutes) / 60;
