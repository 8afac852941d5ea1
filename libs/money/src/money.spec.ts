import fc from 'fast-check';
import { MoneyError, amountForMinutes, divRoundHalfEven, formatMinor, parseMoney, percent } from './money';

describe('money', () => {
  it('parses decimals into integer minor units of the currency', () => {
    expect(parseMoney('1234.50', 'USD')).toEqual({ minor: 123450n, currency: 'USD' });
    expect(parseMoney('1234', 'JPY')).toEqual({ minor: 1234n, currency: 'JPY' });
    expect(parseMoney('1.234', 'KWD')).toEqual({ minor: 1234n, currency: 'KWD' });
    expect(parseMoney('-0.05', 'EUR')).toEqual({ minor: -5n, currency: 'EUR' });
    expect(parseMoney('10.500', 'USD').minor).toBe(1050n);
  });

  it('refuses more decimals than the currency allows', () => {
    expect(() => parseMoney('10.005', 'USD')).toThrow(/at most 2 decimal places/);
    expect(() => parseMoney('10.5', 'JPY')).toThrow(/at most 0 decimal places/);
  });

  it('refuses codes that are not ISO 4217 and amounts that are not decimals', () => {
    expect(() => parseMoney('1', 'XXY')).toThrow(/not an ISO 4217/);
    expect(() => parseMoney('1e3', 'USD')).toThrow(/not a decimal/);
    expect(() => parseMoney('', 'USD')).toThrow(/not a decimal/);
  });

  it('formats minor units with exactly the currency decimals', () => {
    expect(formatMinor(123450n, 'USD')).toBe('1234.50');
    expect(formatMinor(5n, 'USD')).toBe('0.05');
    expect(formatMinor(-5n, 'USD')).toBe('-0.05');
    expect(formatMinor(1234n, 'JPY')).toBe('1234');
    expect(formatMinor(1n, 'BHD')).toBe('0.001');
  });

  it('rounds half to even', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n);
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n);
    expect(divRoundHalfEven(10n, 3n)).toBe(3n);
    expect(divRoundHalfEven(11n, 3n)).toBe(4n);
  });

  it('costs an entry as round_half_even(minutes × rate / 60)', () => {
    // 30 min at 101 minor/h = 50.5 → 50 (even); 90 min at 101 = 151.5 → 152 (even)
    expect(amountForMinutes(30, 101n)).toBe(50n);
    expect(amountForMinutes(90, 101n)).toBe(152n);
    // 7 min at 10000/h = 1166.67 → 1167
    expect(amountForMinutes(7, 10000n)).toBe(1167n);
  });

  it('computes percentages without floating money', () => {
    expect(percent(25n, 100n)).toBe(25);
    expect(percent(1n, 3n)).toBe(33.3333);
    expect(percent(1n, 0n)).toBeNull();
  });
});

describe('money bounds and fuzz', () => {
  it('refuses 10^17 minor units or more either way, as setEstimate always has (RANGE)', () => {
    // 999999999999999.99 USD = 99,999,999,999,999,999 minor units = 10^17 − 1: the largest amount.
    expect(parseMoney('999999999999999.99', 'USD').minor).toBe(10n ** 17n - 1n);
    expect(parseMoney('-999999999999999.99', 'USD').minor).toBe(-(10n ** 17n - 1n));
    // 1,000,000,000,000,000.00 USD = 10^17 minor units: refused.
    expect(() => parseMoney('1000000000000000.00', 'USD')).toThrow(
      expect.objectContaining({ reason: 'RANGE' }),
    );
    // The amount of issue 17, class 4: it would overflow PostgreSQL's bigint (9.2 × 10^18).
    expect(() => parseMoney('99999999999999999999.99', 'USD')).toThrow(
      expect.objectContaining({ reason: 'RANGE' }),
    );
    // JPY has no decimals: 10^17 yen is 10^17 minor units, refused; 10^17 − 1 yen passes.
    expect(() => parseMoney('100000000000000000', 'JPY')).toThrow(
      expect.objectContaining({ reason: 'RANGE' }),
    );
    expect(parseMoney('99999999999999999', 'JPY').minor).toBe(10n ** 17n - 1n);
    expect(() => parseMoney('9'.repeat(5000), 'USD')).toThrow(expect.objectContaining({ reason: 'RANGE' }));
  });

  it('refuses lower-case and unknown currencies', () => {
    expect(() => parseMoney('1.00', 'usd')).toThrow(expect.objectContaining({ reason: 'CURRENCY' }));
    expect(() => parseMoney('1.00', 'XXX')).toThrow(expect.objectContaining({ reason: 'CURRENCY' }));
  });

  it('fuzz: any minor amount under the bound formats and parses back to itself (fast-check)', () => {
    const currencies = ['USD', 'JPY', 'KWD', 'CLF'];
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }),
        fc.constantFrom(...currencies),
        (minor, currency) => {
          expect(parseMoney(formatMinor(minor, currency), currency)).toEqual({ minor, currency });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('fuzz: any string is an exact amount within the bound or a MoneyError, never a float or another error', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789.-e '.split('')), maxLength: 30 });
    fc.assert(
      fc.property(
        fc.oneof(digits, fc.string({ maxLength: 30 })),
        fc.constantFrom('USD', 'JPY', 'usd'),
        (amount, currency) => {
          let parsed;
          try {
            parsed = parseMoney(amount, currency);
          } catch (error) {
            expect(error).toBeInstanceOf(MoneyError);
            return;
          }
          expect(typeof parsed.minor).toBe('bigint');
          expect(parsed.minor < 10n ** 17n && parsed.minor > -(10n ** 17n)).toBe(true);
          // Exact: formatting the minor units gives back the same number (trailing zeros aside).
          expect(Number(formatMinor(parsed.minor, currency)) === Number(amount.trim())).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
