import {
  computeForecast,
  forecastRiskReasons,
  scheduleElapsedPercent,
  type ForecastAllocation,
} from './forecast';

// Pure worked examples of the forecast rules (ARCHITECTURE.md, "Foresight"). 2026-03-02 is a Monday.
const ours = 'e0000000-0000-4000-8000-000000000001';
const other = 'e0000000-0000-4000-8000-000000000002';
const member = 'm0000000-0000-4000-8000-000000000001';

const allocation = (over: Partial<ForecastAllocation>): ForecastAllocation => ({
  id: 'a1',
  memberId: member,
  engagementId: ours,
  minutesPerWeek: 1200, // 20 h/week: 4 h a working day
  from: '2026-03-02',
  to: '2026-03-13', // 10 working days
  status: 'CONFIRMED',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const rate = (effectiveFrom: string, cost: bigint, bill: bigint) => ({
  memberId: member,
  effectiveFrom,
  currency: 'USD',
  costRateMinor: cost,
  billRateMinor: bill,
});

const ledger = {
  engagementId: ours,
  pricingModel: 'TIME_AND_MATERIALS' as const,
  currency: 'USD',
  startDate: '2026-02-01',
  endDate: '2026-03-31',
  soldValueMinor: 350_000n,
  budgetMinutes: 100 * 60,
  loggedMinutes: 10 * 60,
  costMinor: 60_000n,
  revenueMinor: 100_000n,
};

describe('forecast at completion', () => {
  it('prices a T&M forecast: revenue so far + each booked hour at the rate in force that day', () => {
    // 20 h in 2–6 March at 100.00 and 20 h in 9–13 March at 120.00 (new rate from the 9th):
    // revenue 1,000.00 + 2,000.00 + 2,400.00 = 5,400.00; EAC cost 600.00 + 40 h × 50.00 = 2,600.00;
    // margin 2,800.00 = 51.8518 % (basis points truncated); EAC hours 10 + 40 = 50.
    const f = computeForecast(
      ledger,
      '2026-03-01',
      [allocation({})],
      [],
      [rate('2026-01-01', 5_000n, 10_000n), rate('2026-03-09', 5_000n, 12_000n)],
    );
    expect(f).toEqual(
      expect.objectContaining({
        remainingFifths: 40 * 300,
        eacFifths: 50 * 300,
        eacCostMinor: 260_000n,
        revenueMinor: 540_000n,
        marginMinor: 280_000n,
        marginPercent: 51.8518,
      }),
    );
  });

  it('never counts TENTATIVE hours in the forecast', () => {
    const confirmed = computeForecast(
      ledger,
      '2026-03-01',
      [allocation({})],
      [],
      [rate('2026-01-01', 5_000n, 10_000n)],
    );
    const withTentative = computeForecast(
      ledger,
      '2026-03-01',
      [allocation({}), allocation({ id: 't1', status: 'TENTATIVE', createdAt: '2025-01-01T00:00:00.000Z' })],
      [{ memberId: member, minutesPerDay: 120, from: '2026-03-04', to: '2026-03-04' }],
      [rate('2026-01-01', 5_000n, 10_000n)],
    );
    // The 2 h off are taken from the confirmed allocation even though the tentative one was made first.
    expect(withTentative.remainingFifths).toBe(confirmed.remainingFifths - 2 * 300);
  });

  it('takes time off across the member’s engagements in the order the allocations were made', () => {
    // Other engagement's 4 h/day made first absorbs 4 of the 5 h off on Wed 4 March; ours loses 1 h:
    // ETC 4 h × 10 − 1 h = 39 h.
    const f = computeForecast(
      ledger,
      '2026-03-01',
      [
        allocation({ id: 'first', engagementId: other, createdAt: '2025-12-01T00:00:00.000Z' }),
        allocation({ id: 'second' }),
      ],
      [{ memberId: member, minutesPerDay: 300, from: '2026-03-04', to: '2026-03-04' }],
      [],
    );
    expect(f.remainingFifths).toBe(39 * 300);
    // No rate in force: the hours count, their cost cannot be priced.
    expect(f.eacCostMinor).toBe(60_000n);
  });

  it('forecasts FIXED_FEE and RETAINER revenue as contract value + approved change orders', () => {
    for (const pricingModel of ['FIXED_FEE', 'RETAINER'] as const) {
      const f = computeForecast(
        { ...ledger, pricingModel },
        '2026-03-01',
        [allocation({})],
        [],
        [rate('2026-01-01', 5_000n, 10_000n)],
      );
      // 3,500.00 sold − (600.00 + 40 h × 50.00) = 900.00 = 25.7142 %.
      expect(f).toEqual(
        expect.objectContaining({ revenueMinor: 350_000n, marginMinor: 90_000n, marginPercent: 25.7142 }),
      );
    }
  });

  it('counts only hours booked after the day and up to the engagement end', () => {
    // As of Wed 4 March, with the engagement ending Tue 10 March: 5, 6, 9, 10 March = 4 days × 4 h = 16 h.
    const f = computeForecast({ ...ledger, endDate: '2026-03-10' }, '2026-03-04', [allocation({})], [], []);
    expect(f.remainingFifths).toBe(16 * 300);
  });

  it('measures the schedule elapsed in calendar days, inclusive, clamped to 0..100', () => {
    // 1 Feb – 12 Mar is 40 days; 10 Feb is day 10: 25 %.
    expect(scheduleElapsedPercent('2026-02-01', '2026-03-12', '2026-02-10')).toBe(25);
    expect(scheduleElapsedPercent('2026-02-01', '2026-03-12', '2026-01-01')).toBe(0);
    expect(scheduleElapsedPercent('2026-02-01', '2026-03-12', '2026-04-01')).toBe(100);
  });

  it('names BURN_AHEAD_OF_SCHEDULE only above BURN_AHEAD_POINTS', () => {
    const forecast = computeForecast(
      { ...ledger, startDate: '2026-02-01', endDate: '2026-03-12' },
      '2026-02-10',
      [],
      [],
      [],
    );
    // 25 % elapsed: burn 45 % is 20 points ahead (not more), 45.5 % is more.
    expect(forecastRiskReasons(ledger, forecast, 45, 20, 20)).not.toContain('BURN_AHEAD_OF_SCHEDULE');
    expect(forecastRiskReasons(ledger, forecast, 45.5, 20, 20)).toContain('BURN_AHEAD_OF_SCHEDULE');
    expect(forecastRiskReasons(ledger, forecast, 45.5, 20, 30)).not.toContain('BURN_AHEAD_OF_SCHEDULE');
  });
});
