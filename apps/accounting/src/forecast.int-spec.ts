import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { accountingService } from './service';
import { buildScenario, feed, finance, publishedAbout, setRate } from './testing/scenario';

/**
 * The worked example (ARCHITECTURE.md, "Foresight"), through real Kafka and PostgreSQL.
 * Consumers evaluate as of today, so the engagement is laid out around today (day D):
 * a FIXED_FEE engagement of 100 h and 5,000.00 running 40 calendar days, from D − 9 to D + 30,
 * so D is day 10: 10 / 40 = 25 % of the schedule elapsed.
 */
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const day = (offset: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
const isWorkingDay = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

const s = buildScenario();
const engagementId = randomUUID();
const member = randomUUID();
const allocationId = randomUUID();
let service: TestService;

const FORECAST = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { financials {
  atRisk riskReasons burnPercent
  forecast { remainingHours eacHours eacCost { amount currency } revenue { amount currency } margin { amount currency }
             marginPercent scheduleElapsedPercent } } } } }`;

interface ForecastOut {
  atRisk: boolean;
  riskReasons: string[];
  burnPercent: number;
  forecast: {
    remainingHours: number;
    eacHours: number;
    eacCost: { amount: string };
    revenue: { amount: string };
    margin: { amount: string };
    marginPercent: number | null;
    scheduleElapsedPercent: number;
  };
}

async function financials(): Promise<ForecastOut> {
  const res = await service.query<{ _entities: Array<{ financials: ForecastOut }> }>(
    FORECAST,
    { reps: [{ __typename: 'Engagement', id: engagementId }] },
    finance,
  );
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data._entities[0].financials;
}

async function published(type: string): Promise<Array<Record<string, unknown>>> {
  return (await publishedAbout(service, engagementId, [type])).map((r) => r.payload);
}

const planned = (status: 'TENTATIVE' | 'CONFIRMED' | 'RELEASED', id: string, changedAt: string) =>
  s.ev(
    'AllocationPlanned',
    {
      allocationId: id,
      memberId: member,
      projectId: s.projectId,
      engagementId,
      minutesPerWeek: 600, // 10 h/week: 2 h per working day
      from: day(1),
      to: day(28), // any 28 consecutive days hold exactly 20 working days: 40 h
      status,
      createdAt: '2026-01-01T00:00:00.000Z',
      changedAt,
    },
    'project-delivery',
  );

beforeAll(async () => {
  service = await startTestService(accountingService);
  await setRate(service, {
    memberId: member,
    costRate: { amount: '50.00', currency: 'USD' },
    billRate: { amount: '80.00', currency: 'USD' },
    effectiveFrom: '2020-01-01',
  });
  await feed(service, [
    s.opened(engagementId, {
      pricingModel: 'FIXED_FEE',
      contractValue: s.usd(500_000),
      budgetMinutes: 100 * 60,
      estimatedMinutes: 100 * 60,
      startDate: day(-9),
      endDate: day(30),
    }),
    // 95 h logged before today: ten entries of 9.5 h (570 min), the burn rising 9.5 points each.
    ...Array.from({ length: 10 }, (_, i) =>
      s.logged(randomUUID(), engagementId, member, day(-9 + i), 570, true),
    ),
  ]);
  await eventually(async () => (await financials()).burnPercent === 95);
});

afterAll(async () => {
  await service?.close();
});

describe('forecast and risk reasons (the worked example)', () => {
  it('raises BURN_AHEAD_OF_SCHEDULE at 95 % burn with 25 % of the schedule elapsed (95 − 25 > 20)', async () => {
    const f = await financials();
    // revenue 5,000.00 × 95 / 100 = 4,750.00; cost 95 h × 50.00 = 4,750.00: margin 0 % < 20 → MARGIN_BELOW_THRESHOLD.
    // Nothing booked yet: forecast margin 5,000.00 − 4,750.00 = 250.00 = 5 % < 20 → FORECAST_MARGIN_BELOW_THRESHOLD.
    expect(f.riskReasons).toEqual([
      'MARGIN_BELOW_THRESHOLD',
      'BURN_AHEAD_OF_SCHEDULE',
      'FORECAST_MARGIN_BELOW_THRESHOLD',
    ]);
    expect(f.atRisk).toBe(true);
    expect(f.forecast).toEqual({
      remainingHours: 0,
      eacHours: 95,
      eacCost: { amount: '4750.00', currency: 'USD' },
      revenue: { amount: '5000.00', currency: 'USD' },
      margin: { amount: '250.00', currency: 'USD' },
      marginPercent: 5,
      scheduleElapsedPercent: 25,
    });
  });

  it('publishes BudgetThresholdCrossed exactly at 50, 75 and 90 (not 100) on the way up to 95 %', async () => {
    await eventually(async () => (await published('BudgetThresholdCrossed')).length >= 3);
    expect((await published('BudgetThresholdCrossed')).map((p) => p.percent)).toEqual([50, 75, 90]);
  });

  it('forecasts 38 h remaining (40 h booked − 2 h off), EAC 133 h, 6,650.00, margin −1,650.00 (−33 %)', async () => {
    const offDay = Array.from({ length: 7 }, (_, i) => day(1 + i)).find(isWorkingDay) ?? day(1);
    await feed(service, [
      planned('CONFIRMED', allocationId, '2026-01-01T00:00:00.000Z'),
      // A tentative booking on the same engagement never counts in the forecast.
      { ...planned('TENTATIVE', randomUUID(), '2026-01-01T00:00:01.000Z') },
      s.ev(
        'TimeOffRecorded',
        {
          timeOffId: randomUUID(),
          memberId: member,
          from: offDay,
          to: offDay,
          minutesPerDay: 120,
          recordedAt: '2026-01-02T00:00:00.000Z',
        },
        'project-delivery',
      ),
    ]);
    await eventually(async () => (await financials()).forecast.remainingHours === 38);
    const f = await financials();
    // ETC 2 h × 20 days − 2 h = 38 h; EAC 95 + 38 = 133 h; cost 4,750.00 + 38 × 50.00 = 6,650.00;
    // revenue 5,000.00 (fixed fee); margin 5,000.00 − 6,650.00 = −1,650.00 = −33 % of 5,000.00.
    expect(f.forecast).toEqual({
      remainingHours: 38,
      eacHours: 133,
      eacCost: { amount: '6650.00', currency: 'USD' },
      revenue: { amount: '5000.00', currency: 'USD' },
      margin: { amount: '-1650.00', currency: 'USD' },
      marginPercent: -33,
      scheduleElapsedPercent: 25,
    });
    expect(f.riskReasons).toEqual([
      'MARGIN_BELOW_THRESHOLD',
      'BURN_AHEAD_OF_SCHEDULE',
      'FORECAST_OVER_BUDGET',
      'FORECAST_MARGIN_BELOW_THRESHOLD',
    ]);
    await eventually(async () => (await published('RiskRaised')).length >= 4);
    // Each reason raised once, in the order it started to hold (burn and cost only rose).
    expect((await published('RiskRaised')).map((p) => p.reason)).toEqual([
      'MARGIN_BELOW_THRESHOLD',
      'BURN_AHEAD_OF_SCHEDULE',
      'FORECAST_MARGIN_BELOW_THRESHOLD',
      'FORECAST_OVER_BUDGET',
    ]);
  });

  it('clears FORECAST_OVER_BUDGET exactly once on release while FORECAST_MARGIN_BELOW_THRESHOLD stays (250.00, 5 %)', async () => {
    await feed(service, [planned('RELEASED', allocationId, '2026-01-03T00:00:00.000Z')]);
    await eventually(async () => (await published('RiskCleared')).length >= 1);
    const f = await financials();
    // Nothing booked: EAC 95 h ≤ 100 h; margin 5,000.00 − 4,750.00 = 250.00 = 5 % < 20.
    expect(f.forecast).toEqual(
      expect.objectContaining({
        remainingHours: 0,
        margin: { amount: '250.00', currency: 'USD' },
        marginPercent: 5,
      }),
    );
    expect(f.riskReasons).toEqual([
      'MARGIN_BELOW_THRESHOLD',
      'BURN_AHEAD_OF_SCHEDULE',
      'FORECAST_MARGIN_BELOW_THRESHOLD',
    ]);
    // A later redelivery of the old confirmed state changes nothing (the latest change wins).
    await feed(service, [planned('CONFIRMED', allocationId, '2026-01-01T00:00:00.000Z')]);
    await feed(service, [planned('RELEASED', allocationId, '2026-01-04T00:00:00.000Z')]);
    await eventually(async () => {
      const [row] = (await service.dataSource.query(
        `SELECT changed_at FROM forecast_allocations WHERE allocation_id = $1`,
        [allocationId],
      )) as Array<{ changed_at: Date }>;
      return row.changed_at.toISOString() === '2026-01-04T00:00:00.000Z';
    });
    expect((await published('RiskCleared')).map((p) => p.reason)).toEqual(['FORECAST_OVER_BUDGET']);
    expect((await published('RiskRaised')).map((p) => p.reason)).toHaveLength(4);
  });
  it('publishes ForecastChanged each time the forecast margin moves and never while it stays: −1,650.00, then 250.00', async () => {
    const margins = async () =>
      (await published('ForecastChanged')).map(
        (p) => (p.forecastMargin as { amountMinor: string }).amountMinor,
      );
    await eventually(async () => (await margins()).at(-1) === '25000');
    const all = await margins();
    // −1,650.00 while the allocation was confirmed (above), 250.00 once it was released.
    expect(all).toContain('-165000');
    expect(all.at(-1)).toBe('25000');
    // The redelivered and re-released allocation moved nothing: no two consecutive equal margins.
    expect(all.filter((m, i) => i > 0 && m === all[i - 1])).toEqual([]);
    const last = (await published('ForecastChanged')).at(-1);
    expect(last).toEqual(
      expect.objectContaining({
        forecastMargin: { amountMinor: '25000', currency: 'USD' },
        forecastMarginPercent: 5,
      }),
    );
  });
});
