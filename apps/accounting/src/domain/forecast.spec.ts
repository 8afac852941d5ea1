import {
  computeForecast,
  ForecastIndex,
  contractRateOn,
  forecastRiskReasons,
  scheduleElapsedPercent,
  type ForecastAllocation,
  type ForecastContractRate,
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

describe('T&M forecast revenue at the contract rate of the allocation role', () => {
  const bob = 'm0000000-0000-4000-8000-000000000002';
  const memberRate = (memberId: string, cost: bigint, bill: bigint) => ({
    memberId,
    effectiveFrom: '2026-01-01',
    currency: 'USD',
    costRateMinor: cost,
    billRateMinor: bill,
  });
  const contractRate = (
    roleKey: string,
    billRateMinor: bigint,
    approved: ForecastContractRate['approved'] = null,
    currency = 'USD',
  ): ForecastContractRate => ({ engagementId: ours, roleKey, currency, billRateMinor, approved });
  const changeOrderAt = Date.parse('2026-03-09T10:00:00.000Z');
  const table = {
    // The contract prices "developer" at 150.15; a change order approved on Mon 9 March makes it 160.00.
    contractRates: [
      contractRate('developer', 15_015n),
      contractRate('developer', 16_000n, { on: '2026-03-09', at: changeOrderAt }),
    ],
    // The member's primary role: the allocation without a role is worked under it.
    primaryRoles: new Map([[member, 'developer']]),
  };
  const allocations = [
    // a1: no role (→ the member's primary role, developer), 1,290 min/week = 4.3 h a working day,
    // Mon 2 – Fri 13 March: 10 working days.
    allocation({ id: 'a1', minutesPerWeek: 1290, roleKey: null }),
    // a2: architect, a role the contract does not price (→ the member's bill rate, 100.00),
    // 600 min/week = 2 h a day, Mon 2 – Fri 6 March.
    allocation({ id: 'a2', minutesPerWeek: 600, to: '2026-03-06', roleKey: 'architect' }),
    // a3: Bob, no role and no primary role (→ his own bill rate, 90.00), 4 h a day, 2 – 6 March.
    allocation({ id: 'a3', memberId: bob, minutesPerWeek: 1200, to: '2026-03-06', roleKey: null }),
  ];
  const rates = [memberRate(member, 5_000n, 10_000n), memberRate(bob, 4_000n, 9_000n)];

  it('prices each booked hour at its role rate on the day, else the member rate (the worked example)', () => {
    // By hand, in fifths of a minute (a day at M min/week books M fifths), amount = fifths × rate / 300:
    //   a1, 2–6 March (contract 150.15): 1,290 × 5 = 6,450 fifths (21.5 h) × 15,015 / 300 = 322,822.5
    //       → 322,822 (half even: ...22 is even; half up would give 322,823)
    //   a1, 9–13 March (change order 160.00 from the 9th): 6,450 × 16,000 / 300 = 344,000
    //   a2, 2–6 March, architect not in the contract (member's 100.00): 600 × 5 = 3,000 × 10,000 / 300 = 100,000
    //   a3, Bob 2–6 March, no role (his 90.00): 1,200 × 5 = 6,000 × 9,000 / 300 = 180,000
    //   revenue 1,000.00 + 3,228.22 + 3,440.00 + 1,000.00 + 1,800.00 = 10,468.22
    // Cost at the member cost rates (roles do not change costs), per stretch of days:
    //   Alice 2–6 March (6,450 + 3,000) × 5,000 / 300 = 157,500; 9–13 March 6,450 × 5,000 / 300 = 107,500
    //   Bob 6,000 × 4,000 / 300 = 80,000: EAC cost 600.00 + 1,575.00 + 1,075.00 + 800.00 = 4,050.00
    // Margin 10,468.22 − 4,050.00 = 6,418.22 = 61.3114 % (641,822 × 10⁶ / 1,046,822 = 613,114 basis points
    // of a percent, truncated). ETC 21.5 + 21.5 + 10 + 20 = 73 h.
    const f = computeForecast(ledger, '2026-03-01', allocations, [], rates, table);
    expect(f).toEqual(
      expect.objectContaining({
        remainingFifths: 73 * 300,
        eacCostMinor: 405_000n,
        revenueMinor: 1_046_822n,
        marginMinor: 641_822n,
        marginPercent: 61.3114,
      }),
    );
  });

  it('prices a role the allocation names before the primary role', () => {
    // a1 as "Architect": not in the contract, so 21.5 h × 2 stretches at the member's 100.00 = 4,300.00.
    const f = computeForecast(
      ledger,
      '2026-03-01',
      [allocation({ id: 'a1', minutesPerWeek: 1290, roleKey: 'architect' })],
      [],
      [memberRate(member, 5_000n, 10_000n)],
      table,
    );
    expect(f.revenueMinor).toBe(100_000n + 430_000n);
  });

  it('falls back to the member bill rate for a contract rate in another currency (never converted)', () => {
    // 40 h at the member's 100.00 = 4,000.00, not at the EUR rate.
    const f = computeForecast(
      ledger,
      '2026-03-01',
      [allocation({ roleKey: 'developer' })],
      [],
      [memberRate(member, 5_000n, 10_000n)],
      { contractRates: [contractRate('developer', 20_000n, null, 'EUR')], primaryRoles: new Map() },
    );
    expect(f.revenueMinor).toBe(100_000n + 400_000n);
  });

  it('takes the latest change order approved on or before the day, else the contract rate', () => {
    const rates = [
      contractRate('developer', 15_000n),
      contractRate('developer', 16_000n, { on: '2026-03-09', at: changeOrderAt }),
      contractRate('developer', 17_000n, { on: '2026-03-09', at: changeOrderAt + 1 }),
    ];
    expect(contractRateOn(rates, ours, 'developer', '2026-03-08')?.billRateMinor).toBe(15_000n);
    expect(contractRateOn(rates, ours, 'developer', '2026-03-09')?.billRateMinor).toBe(17_000n);
    expect(contractRateOn(rates, ours, 'tester', '2026-03-09')).toBeNull();
    expect(contractRateOn(rates, other, 'developer', '2026-03-09')).toBeNull();
  });
});

describe('ForecastIndex: a batch of engagements that share a member', () => {
  // One member (20 h/week on each of two engagements, 4 h a working day each, 2–13 March) with a
  // day off on Tue 3 March (8 h): time off is taken from the allocations in the order they were made,
  // so the first (ours, made in January) loses 4 h, the second (other, made in February) the other 4 h.
  // ETC from 2 March: ours 40 h − 4 h = 36 h, other 40 h − 4 h = 36 h; cost 36 h × 50.00 = 1,800.00 each.
  const shared = [
    allocation({ id: 'a1', engagementId: ours, createdAt: '2026-01-01T00:00:00.000Z' }),
    allocation({ id: 'a2', engagementId: other, createdAt: '2026-02-01T00:00:00.000Z' }),
  ];
  const dayOff = [{ memberId: member, minutesPerDay: 480, from: '2026-03-03', to: '2026-03-03' }];
  const rates = [rate('2026-01-01', 5_000n, 10_000n)];
  const facts = { allocations: shared, timeOff: dayOff, rates, contractRates: [], primaryRoles: new Map() };

  it('gives each engagement exactly the forecast computed alone, the schedule computed once', () => {
    const index = new ForecastIndex(facts);
    for (const engagementId of [ours, other]) {
      const alone = computeForecast({ ...ledger, engagementId }, '2026-03-01', shared, dayOff, rates);
      const batched = index.forecast({ ...ledger, engagementId }, '2026-03-01');
      expect(batched).toEqual(alone);
      expect(batched.remainingFifths).toBe(36 * 300);
      expect(batched.eacCostMinor).toBe(60_000n + 180_000n);
    }
    // A later end date is another range: computed, not taken from the first.
    const shorter = index.forecast({ ...ledger, engagementId: other, endDate: '2026-03-06' }, '2026-03-01');
    // 2–6 March: 20 h − 4 h (Tuesday) = 16 h.
    expect(shorter.remainingFifths).toBe(16 * 300);
  });
});
