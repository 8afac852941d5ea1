import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { accountingService } from './service';
import { buildScenario, feed, reportOf, setRate } from './testing/scenario';

/**
 * A fixed fee is recognized by completion (minutes logged up to a date over the budget), so a
 * report needs every minute logged before its period: from whole earlier years (yearly rollup),
 * earlier months of its year (monthly) and earlier days of its month (daily).
 */
const s = buildScenario();
const engagementId = randomUUID();
let service: TestService;

const money = (amount: string) => ({ amount, currency: 'USD' });

beforeAll(async () => {
  service = await startTestService(accountingService);
  await setRate(service, {
    memberId: s.ids.carol,
    costRate: { amount: '30.00', currency: 'USD' },
    billRate: { amount: '0', currency: 'USD' },
    effectiveFrom: '2024-01-01',
  });
  const opened = s.opened(engagementId, {
    name: 'Multi-year fixed fee',
    pricingModel: 'FIXED_FEE',
    startDate: '2024-06-01',
    endDate: '2025-12-31',
    budgetMinutes: 350,
    estimatedMinutes: 350,
    contractSignedAt: '2024-05-20T10:00:00.000Z',
    openedAt: '2024-05-20T10:00:01.000Z',
  });
  const entries = [
    ['2024-06-10', 100],
    ['2025-01-20', 100],
    ['2025-03-05', 100],
    ['2025-03-20', 100],
  ] as const;
  await feed(service, [
    opened,
    ...entries.map(([date, minutes]) =>
      s.logged(randomUUID(), engagementId, s.ids.carol, date, minutes, true),
    ),
  ]);
  await eventually(async () => {
    const [row] = (await service.dataSource.query(
      `SELECT coalesce(sum(minutes), 0)::int AS n FROM time_rollup_yearly WHERE engagement_id = $1`,
      [engagementId],
    )) as Array<{ n: number }>;
    return row.n === 400;
  });
});

afterAll(async () => {
  await service?.close();
});

const revenueOf = async (from: string, to: string) =>
  (await reportOf(service, { from, to, groupBy: 'ENGAGEMENT' })).rows.find((r) => r.key === engagementId)
    ?.revenue;

describe('fixed-fee revenue of a period with time logged in earlier years, months and days', () => {
  it('counts every minute before the period, whatever grain it comes from', async () => {
    // 10000.00 over a 350-minute budget, capped once the budget is used up:
    //   cum(100) = 1000000 × 100 / 350 = 285714.29 → 285714; cum(300) = 857142.86 → 857143; cum(400) = 1000000
    // 2025-03-10 … 03-31: before = 100 (2024) + 100 (January) + 100 (03-05) = 300 → 8571.43;
    // at the end 400 → 10000.00 (capped); recognized in the period 1428.57.
    expect(await revenueOf('2025-03-10', '2025-03-31')).toEqual(money('1428.57'));
    // Q1 2025: before = 100 (2024) → 2857.14; at the end 400 → 10000.00.
    expect(await revenueOf('2025-01-01', '2025-03-31')).toEqual(money('7142.86'));
    // February 2025: nothing logged, no change order: no row at all.
    expect(await revenueOf('2025-02-01', '2025-02-28')).toBeUndefined();
    // 2024 alone: 100 min → 2857.14.
    expect(await revenueOf('2024-01-01', '2024-12-31')).toEqual(money('2857.14'));
  });

  it('keeps the yearly rollup equal to the monthly one', async () => {
    const rows = (await service.dataSource.query(
      `SELECT y.year::text AS year, y.minutes::int AS yearly,
              (SELECT sum(m.minutes)::int FROM time_rollup_monthly m
               WHERE m.engagement_id = y.engagement_id AND date_trunc('year', m.month) = y.year) AS monthly
       FROM time_rollup_yearly y WHERE y.engagement_id = $1 ORDER BY y.year`,
      [engagementId],
    )) as Array<{ year: string; yearly: number; monthly: number }>;
    expect(rows).toEqual([
      { year: '2024-01-01', yearly: 100, monthly: 100 },
      { year: '2025-01-01', yearly: 300, monthly: 300 },
    ]);
  });
});
