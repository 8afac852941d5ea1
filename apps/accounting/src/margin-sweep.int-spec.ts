import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { sweepMarginAlerts } from './application/margin-alerts.commands';
import { AccountingEvents } from './events/accounting.publisher';
import { accountingService } from './service';
import { buildScenario, feed, setRate } from './testing/scenario';

/**
 * A retainer's revenue grows as its months begin, with no event at all: the sweep evaluates
 * every open engagement again and publishes a crossing once, like an event-driven evaluation.
 */
const s = buildScenario();
const retainer = randomUUID();
const closed = randomUUID();
let service: TestService;

async function alertsOf(engagementId: string): Promise<string[]> {
  const rows = (await service.dataSource.query(
    `SELECT type FROM outbox WHERE type LIKE 'MarginAlert%' AND envelope->'payload'->>'engagementId' = $1 ORDER BY id`,
    [engagementId],
  )) as Array<{ type: string }>;
  return rows.map((r) => r.type);
}

const sweep = (now: string) =>
  sweepMarginAlerts(
    service.dataSource,
    new AccountingEvents(service.outbox),
    20,
    new Date(`${now}T12:00:00.000Z`),
  );

beforeAll(async () => {
  service = await startTestService(accountingService);
  await setRate(service, {
    memberId: s.ids.carol,
    costRate: { amount: '30.00', currency: 'USD' },
    billRate: { amount: '0', currency: 'USD' },
    effectiveFrom: '2025-01-01',
  });
  const opened = (engagementId: string) =>
    s.opened(engagementId, {
      name: 'Quarterly retainer',
      pricingModel: 'RETAINER',
      contractValue: s.usd(300_000),
      startDate: '2026-01-01',
      endDate: '2026-03-31',
    });
  await feed(service, [
    opened(retainer),
    opened(closed),
    s.ev('EngagementClosed', { engagementId: closed, closedAt: '2026-01-02T09:00:00.000Z' }, 'engagement'),
    // 40 h at 30.00 = 1200.00 of cost in January, on both.
    ...[retainer, closed].flatMap((id) =>
      ['2026-01-12', '2026-01-13'].map((day) => s.logged(randomUUID(), id, s.ids.carol, day, 1200, true)),
    ),
  ]);
  await eventually(async () => {
    const [row] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM time_rollup_monthly WHERE cost_minor = 120000`,
    )) as Array<{ n: number }>;
    return row.n === 2;
  });
});

afterAll(async () => {
  await service?.close();
});

describe('the margin sweep', () => {
  it('raises and clears a retainer alert as its months begin, once per crossing, and skips closed engagements', async () => {
    // Evaluated today (the whole contract in the past), the retainer is not at risk: no alert yet.
    expect(await alertsOf(retainer)).toEqual([]);
    // 15 January: one month of three begun, revenue 1000.00, cost 1200.00: margin −20 % < 20 %.
    await sweep('2026-01-15');
    expect(await alertsOf(retainer)).toEqual(['MarginAlertRaised']);
    await sweep('2026-01-20');
    expect(await alertsOf(retainer)).toEqual(['MarginAlertRaised']);
    // 2 March: all three months begun, revenue 3000.00: margin 60 %, the alert clears, once.
    await sweep('2026-03-02');
    await sweep('2026-03-03');
    expect(await alertsOf(retainer)).toEqual(['MarginAlertRaised', 'MarginAlertCleared']);
    // The closed engagement has the same figures but is never evaluated by the sweep.
    expect(await alertsOf(closed)).toEqual([]);
  });
});
