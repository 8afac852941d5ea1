import { eventually, startTestService, type TestService } from '@platform/testing';
import { accountingService } from './service';
import { buildScenario, feed, financialsOf, reportOf, setRate, type FinancialsOut } from './testing/scenario';

const s = buildScenario();
let live: TestService;
let rebuilt: TestService;

const withoutTimestamp = (f: FinancialsOut | null) => {
  if (f === null) return null;
  const { updatedAt: _updatedAt, ...figures } = f;
  return figures;
};

async function countEntries(service: TestService): Promise<number> {
  const [row] = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM costed_time_entries`,
  )) as Array<{ n: number }>;
  return row.n;
}

/** Whether every one of these events was applied (setRate may add member events of its own). */
async function inboxed(service: TestService, events: ReadonlyArray<{ id: string }>): Promise<boolean> {
  const [row] = (await service.dataSource.query(
    `SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [events.map((e) => e.id)],
  )) as Array<{ n: number }>;
  return row.n === events.length;
}

beforeAll(async () => {
  [live, rebuilt] = await Promise.all([
    startTestService(accountingService),
    startTestService(accountingService),
  ]);
});

afterAll(async () => {
  await Promise.all([live?.close(), rebuilt?.close()]);
});

describe('replaying the event history into an empty projection', () => {
  it('gives identical figures whatever the order across topics and whenever the rates were set', async () => {
    const all = [...s.engagementEvents, ...s.deliveryEvents];
    // Live: rates first, then engagements, then time as it is logged.
    for (const rate of [...s.rates, s.retroactiveRate]) await setRate(live, rate);
    await feed(live, s.engagementEvents);
    await eventually(() => inboxed(live, s.engagementEvents));
    await feed(live, s.deliveryEvents);
    await eventually(() => inboxed(live, all));

    // Rebuilt from a fresh database: delivery's topic first (every entry before its engagement),
    // delivered twice, then the engagement topic, and the rate card entered last.
    await feed(rebuilt, s.deliveryEvents);
    await feed(rebuilt, s.deliveryEvents);
    await eventually(async () => (await countEntries(rebuilt)) === 11);
    await feed(rebuilt, s.engagementEvents);
    await eventually(() => inboxed(rebuilt, all));
    for (const rate of [s.retroactiveRate, ...s.rates]) await setRate(rebuilt, rate);

    for (const engagementId of [s.ids.tm, s.ids.ff, s.ids.retainer]) {
      const expected = withoutTimestamp(await financialsOf(live, engagementId));
      expect(expected).not.toBeNull();
      expect(withoutTimestamp(await financialsOf(rebuilt, engagementId))).toEqual(expected);
    }
    // Spot-check that the figures are the worked ones (see accounting.int-spec.ts).
    expect((await financialsOf(rebuilt, s.ids.tm))?.cost).toEqual({ amount: '5.52', currency: 'USD' });
    for (const groupBy of ['ENGAGEMENT', 'CLIENT', 'DELIVERY_OWNER', 'ACCOUNT_MANAGER', 'MONTH']) {
      const input = { from: '2025-01-01', to: '2026-03-31', groupBy };
      const report = await reportOf(live, input);
      expect(report.rows.length).toBeGreaterThan(0);
      expect(await reportOf(rebuilt, input)).toEqual(report);
    }
  });
});
