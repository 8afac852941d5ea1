import fc from 'fast-check';
import { overlap, workingDaysBetween } from './calendar';

/** The definition, day by day: the reference the formula is checked against. */
function countDayByDay(from: string, to: string): number {
  let count = 0;
  for (let at = Date.parse(from); at <= Date.parse(to); at += 86_400_000) {
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

describe('working days', () => {
  it('counts Monday to Friday, both ends included', () => {
    // 2026-03-02 is a Monday.
    expect(workingDaysBetween('2026-03-02', '2026-03-08')).toBe(5);
    expect(workingDaysBetween('2026-03-02', '2026-03-15')).toBe(10);
    expect(workingDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(2);
  });

  it('agrees with a day-by-day count on any range (fast-check)', () => {
    const day = fc
      .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2200, 0, 1) / 86_400_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -3, max: 800 }), (from, length) => {
        const to = new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(from, to)).toBe(countDayByDay(from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a range of thousands of years without walking its days', () => {
    // 0001-01-01 (a Monday) … 9999-12-31 (a Friday): 3 652 059 days = 521 722 weeks + 5 days
    // → 521 722 × 5 + 5 = 2 608 615 working days
    expect(workingDaysBetween('0001-01-01', '9999-12-31')).toBe(2_608_615);
    const started = performance.now();
    let total = 0;
    for (let i = 0; i < 200; i++) total += workingDaysBetween('0001-01-01', '9999-12-31');
    const elapsed = performance.now() - started;
    expect(total).toBe(200 * 2_608_615);
    // 200 calls of a formula take microseconds; the day-by-day loop took about 10 ms a call
    // (2 s here), on the event loop of the engagement subgraph.
    expect(elapsed).toBeLessThan(500);
  });

  it('counts nothing for an empty range', () => {
    expect(workingDaysBetween('2026-03-10', '2026-03-09')).toBe(0);
  });

  it('finds the common part of two ranges', () => {
    expect(
      overlap({ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-15', to: '2026-02-15' }),
    ).toEqual({
      from: '2026-01-15',
      to: '2026-01-31',
    });
    expect(
      overlap({ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-02-01', to: '2026-02-15' }),
    ).toBeNull();
  });
});
