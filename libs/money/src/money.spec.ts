import { amountForMinutes, divRoundHalfEven, formatMinor, parseMoney, percent } from './money';

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
