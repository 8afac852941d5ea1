import { isCurrency, minorDigits } from './currencies';

/** Money as stored and carried in events: integer minor units plus ISO 4217 currency. */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

export type MoneyErrorReason = 'CURRENCY' | 'FORMAT' | 'PRECISION' | 'RANGE';

export class MoneyError extends Error {
  constructor(
    readonly reason: MoneyErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * The largest amount the platform takes in, exclusive, in minor units: 10^17 (a trillion in major
 * units of a two-decimal currency), the bound setEstimate has always had. It keeps every stored
 * amount inside PostgreSQL's bigint (9.2 × 10^18) with room for sums of many amounts.
 */
export const MAX_MINOR = 10n ** 17n;
// Longer strings are refused before any BigInt is built from them.
const MAX_DECIMAL_LENGTH = 40;

/**
 * Parses a decimal string ("1234.50") into minor units of `currency`. Refuses anything that
 * is not a plain decimal, anything with more decimals than the currency has (no rounding:
 * "10.005" USD is an input error, not 10.01) and any amount of 10^17 minor units or more
 * either way (RANGE).
 */
export function parseMoney(amount: string, currency: string): Money {
  if (!isCurrency(currency)) throw new MoneyError('CURRENCY', `${currency} is not an ISO 4217 currency code`);
  if (amount.length > MAX_DECIMAL_LENGTH)
    throw new MoneyError('RANGE', `"${amount.slice(0, 20)}…" is too large`);
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new MoneyError('FORMAT', `"${amount}" is not a decimal amount such as "1234.50"`);
  const [, sign, whole, fraction = ''] = match;
  const digits = minorDigits(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    throw new MoneyError('PRECISION', `${currency} allows at most ${digits} decimal places, got "${amount}"`);
  }
  const minor = BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
  if (minor >= MAX_MINOR) {
    throw new MoneyError(
      'RANGE',
      `${amount} ${currency} is too large: amounts stay under ${formatMinor(MAX_MINOR, currency)}`,
    );
  }
  return { minor: sign ? -minor : minor, currency };
}

/** Formats minor units as the API's Decimal string with exactly the currency's decimals. */
export function formatMinor(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

export function money(minor: bigint, currency: string): Money {
  return { minor, currency };
}

/** API shape: { amount: "1234.50", currency: "USD" }. */
export function toMoneyOutput(value: Money): { amount: string; currency: string } {
  return { amount: formatMinor(value.minor, value.currency), currency: value.currency };
}

/**
 * Integer division rounded half to even ("banker's rounding"), the platform's only rounding
 * rule for money: amount = round_half_even(minutes × rateMinorPerHour / 60).
 */
export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divRoundHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Cost or bill amount of one time entry: round_half_even(minutes × rate / 60). */
export function amountForMinutes(minutes: number, rateMinorPerHour: bigint): bigint {
  return divRoundHalfEven(BigInt(minutes) * rateMinorPerHour, 60n);
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('CURRENCY', `cannot combine ${a.currency} with ${b.currency}; currencies never mix`);
  }
}

/** Percentage as a JS number, for display figures (never for amounts); null when base is 0. */
export function percent(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  // Scale to basis points of a percent in integers first, then a single float division.
  return Number((part * 1_000_000n) / whole) / 10_000;
}
