/* eslint-disable no-control-regex -- these tests are about control characters */
import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { DATE_MAX, DATE_MIN, DateScalar, DateTimeScalar, DecimalScalar } from './scalars';

const refuses = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT';
  }
  return false;
};

describe('Date, DateTime and Decimal inputs', () => {
  it('refuses dates that do not exist', () => {
    for (const value of [
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '2025-02-29',
      '0000-01-01',
      '',
      ' 2026-01-01',
      '2026-1-1',
      '1e30',
      'NaN',
    ]) {
      expect(refuses(() => DateScalar.parseValue(value))).toBe(true);
    }
    expect(refuses(() => DateScalar.parseValue(20260101))).toBe(true);
    expect(DateScalar.parseValue('2028-02-29')).toBe('2028-02-29');
  });

  it('takes dates within 2000-01-01..2100-12-31 only', () => {
    expect(DateScalar.parseValue(DATE_MIN)).toBe('2000-01-01');
    expect(DateScalar.parseValue(DATE_MAX)).toBe('2100-12-31');
    for (const value of ['1999-12-31', '2101-01-01', '1000-01-01', '9999-12-31']) {
      expect(refuses(() => DateScalar.parseValue(value))).toBe(true);
    }
    expect(refuses(() => DateTimeScalar.parseValue('9999-12-31T00:00:00Z'))).toBe(true);
    expect(refuses(() => DateTimeScalar.parseValue('1999-12-31T23:59:59Z'))).toBe(true);
    expect(DateTimeScalar.parseValue('2026-03-31T09:00:00+02:00')).toEqual(new Date('2026-03-31T07:00:00Z'));
  });

  it('still writes out a stored date outside the window', () => {
    expect(DateScalar.serialize('1999-12-31')).toBe('1999-12-31');
  });

  it('refuses Decimals that are not plain decimal strings, or longer than 40 characters', () => {
    for (const value of [
      '1e30',
      ' 12',
      '12 ',
      'NaN',
      '',
      'Infinity',
      '+1',
      '1.',
      '.5',
      '0x10',
      '1,000.00',
      '9'.repeat(41),
    ]) {
      expect(refuses(() => DecimalScalar.parseValue(value))).toBe(true);
    }
    expect(refuses(() => DecimalScalar.parseValue(12.5))).toBe(true);
    expect(DecimalScalar.parseValue('-1234.50')).toBe('-1234.50');
  });

  it('does not echo a long or binary value in its message', () => {
    expect(() => DecimalScalar.parseValue(`\u0000${'9'.repeat(100_000)}`)).toThrow(/^[^\u0000]{1,200}$/);
  });

  describe('fuzz (fast-check)', () => {
    it('a Date is accepted exactly when it is a real calendar day inside the window', () => {
      const day = 86_400_000;
      fc.assert(
        fc.property(fc.integer({ min: -40_000, max: 80_000 }), (n) => {
          const iso = new Date(n * day).toISOString().slice(0, 10);
          const inside = iso >= DATE_MIN && iso <= DATE_MAX;
          if (inside) expect(DateScalar.parseValue(iso)).toBe(iso);
          else expect(refuses(() => DateScalar.parseValue(iso))).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it('any other string is either a valid date or BAD_USER_INPUT, never an exception of another kind', () => {
      const shaped = fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }),
        )
        .map(
          ([y, m, d]) =>
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        );
      fc.assert(
        fc.property(fc.oneof(shaped, fc.string({ unit: 'binary', maxLength: 20 })), (value) => {
          let parsed: string | undefined;
          try {
            parsed = DateScalar.parseValue(value);
          } catch (error) {
            expect(error).toBeInstanceOf(GraphQLError);
            expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
            return;
          }
          // What passes round-trips through a JavaScript date unchanged and sits in the window.
          expect(new Date(`${parsed}T00:00:00Z`).toISOString().slice(0, 10)).toBe(parsed);
          expect(parsed >= DATE_MIN && parsed <= DATE_MAX).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it('a Decimal is accepted exactly when it matches -?digits(.digits)? within 40 characters', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.constantFrom(...'0123456789.-+eE xN'.split('')), maxLength: 45 }),
          (value) => {
            const expected = value.length <= 40 && /^-?\d+(\.\d+)?$/.test(value);
            if (expected) expect(DecimalScalar.parseValue(value)).toBe(value);
            else expect(refuses(() => DecimalScalar.parseValue(value))).toBe(true);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
