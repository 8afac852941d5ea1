import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { evaluateMarginAlerts, sweepMarginAlerts } from './application/margin-alerts.commands';
import { applyEntryEvents } from './application/time-entry.commands';
import { AccountingEvents } from './events/accounting.publisher';
import { accountingService } from './service';
import { buildScenario, feed, publishedAbout, setRate } from './testing/scenario';

/**
 * A retainer's revenue grows as its months begin, with no event at all: the sweep evaluates
 * every open engagement again and publishes a crossing once, like an event-driven evaluation.
 */
const s = buildScenario();
const retainer = randomUUID();
const closed = randomUUID();
const raced = randomUUID();
let service: TestService;

async function alertsOf(engagementId: string): Promise<string[]> {
  const rows = await publishedAbout(service, engagementId, ['MarginAlertRaised', 'MarginAlertCleared']);
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
    opened(raced),
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
  // `raced` has no cost: evaluated on 2 March it is stored as not at risk (margin 100 %).
  await sweep('2026-03-02');
  expect(await alertsOf(raced)).toEqual([]);
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

describe('two evaluations of one engagement at once', () => {
  it('the later one reads the figures only after the earlier committed: no spurious RiskCleared', async () => {
    const now = new Date('2026-03-02T12:00:00.000Z');
    const events = new AccountingEvents(service.outbox);
    const riskEvents = async () =>
      (
        await publishedAbout(service, raced, [
          'RiskRaised',
          'RiskCleared',
          'MarginAlertRaised',
          'MarginAlertCleared',
        ])
      ).map((r) => (r.payload.reason ? `${r.type} ${String(r.payload.reason)}` : r.type));
    // T1 costs 81 h of Carol at 30.00 = 2430.00 against the retainer's 3000.00 of revenue (all
    // three months begun on 2 March): margin (3000 − 2430) / 3000 = 19 % < 20 %, so it raises
    // MARGIN_BELOW_THRESHOLD; with nothing booked the forecast is the same (EAC cost 2430.00,
    // forecast revenue the sold 3000.00, 19 %): FORECAST_MARGIN_BELOW_THRESHOLD too. (Burn 81 h of
    // 100 h = 81 % against 61 of 90 days = 67.8 % elapsed: 13.2 points, not ahead of schedule.)
    // Then T1 holds its transaction open.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let evaluatedByT1!: () => void;
    const t1Evaluated = new Promise<void>((resolve) => (evaluatedByT1 = resolve));
    const t1 = service.dataSource.transaction(async (manager) => {
      await applyEntryEvents(
        manager,
        [
          {
            entryId: randomUUID(),
            engagementId: raced,
            memberId: s.ids.carol,
            date: '2026-02-10',
            minutes: 81 * 60,
            billable: true,
            deleted: false,
            roleKey: null,
            at: now,
          },
        ],
        service.logger,
      );
      await evaluateMarginAlerts(manager, events, [raced], 20, now);
      evaluatedByT1();
      await held;
    });
    await t1Evaluated;
    // T2 evaluates the same engagement meanwhile (as the sweep or another topic's chunk would).
    const t2 = service.dataSource.transaction((manager) =>
      evaluateMarginAlerts(manager, events, [raced], 20, now),
    );
    await eventually(async () => {
      const [row] = (await service.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )) as Array<{ n: number }>;
      return row.n > 0;
    });
    release();
    await Promise.all([t1, t2]);
    // T2 read its figures after T1 committed (the 2430.00 of cost in them): it agrees with the
    // state T1 stored and publishes nothing. Reading before, it would have seen no cost and
    // cleared what T1 had just raised.
    expect(await riskEvents()).toEqual([
      'RiskRaised MARGIN_BELOW_THRESHOLD',
      'RiskRaised FORECAST_MARGIN_BELOW_THRESHOLD',
      'MarginAlertRaised',
    ]);
    const [risk] = (await service.dataSource.query(
      `SELECT reasons FROM engagement_risk WHERE engagement_id = $1`,
      [raced],
    )) as Array<{ reasons: string[] }>;
    expect(risk.reasons).toContain('MARGIN_BELOW_THRESHOLD');
  });
});
