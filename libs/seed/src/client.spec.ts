import { isoDay, mapWithConcurrency, pastWeekdays } from './client';

// Monday 30 November 2026, 09:00 UTC.
const MONDAY = Date.UTC(2026, 10, 30, 9);

describe('seed dates are relative to the day the seed runs', () => {
  it('isoDay counts whole days from now in UTC', () => {
    expect(isoDay(0, MONDAY)).toBe('2026-11-30');
    expect(isoDay(-30, MONDAY)).toBe('2026-10-31');
    expect(isoDay(32, MONDAY)).toBe('2027-01-01');
  });

  it('pastWeekdays lists the weekdays among the days before today, oldest first', () => {
    // The 7 days before Monday 30 Nov: Mon 23 .. Sun 29; the weekdays are 23–27.
    expect(pastWeekdays(7, MONDAY)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    // 21 days back: three whole weeks, 15 weekdays (the demo's three weeks of time entries).
    expect(pastWeekdays(21, MONDAY)).toHaveLength(15);
    expect(pastWeekdays(0, MONDAY)).toEqual([]);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps the order of the items and never runs more than `concurrency` calls at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n, i) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return n * 10 + i;
    });
    expect(results).toEqual([50, 11, 42, 23, 34]);
    expect(most).toBe(2);
  });
});
