import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createLogger } from '@platform/observability';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { accountingService } from '../service';
import { buildScenario, feed, setRate } from '../testing/scenario';
import { applyEntryEvents, type EntryEvent } from './time-entry.commands';

/**
 * The consumer applies a chunk's entry events together (applyEntryEvents over the whole chunk).
 * That must give exactly what applying them one transaction at a time gives, in a number of
 * statements that does not grow with the chunk.
 */
const logger = createLogger('accounting-test', 'silent');
const s = buildScenario();
let chunked: TestService;
let oneByOne: TestService;

async function withLedgers(service: TestService): Promise<void> {
  for (const rate of s.rates) await setRate(service, rate);
  await feed(service, s.engagementEvents);
  await eventually(async () => {
    const [row] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM engagement_ledgers WHERE engagement_id = $1`,
      [s.ids.tm],
    )) as Array<{ n: number }>;
    return row.n === 1;
  });
}

beforeAll(async () => {
  [chunked, oneByOne] = await Promise.all([
    startTestService(accountingService),
    startTestService(accountingService),
  ]);
  await Promise.all([withLedgers(chunked), withLedgers(oneByOne)]);
});

afterAll(async () => {
  await Promise.all([chunked?.close(), oneByOne?.close()]);
});

const at = (hhmm: string) => new Date(`2026-01-20T${hhmm}:00.000Z`);
const entry = (over: Partial<EntryEvent> & Pick<EntryEvent, 'entryId' | 'at'>): EntryEvent => ({
  engagementId: s.ids.tm,
  memberId: s.ids.alice,
  date: '2026-01-12',
  minutes: 30,
  billable: true,
  deleted: false,
  roleKey: null,
  ...over,
});

/** Rows of the projection and both rollups for the scenario's T&M engagement, comparable as text. */
async function projection(service: TestService) {
  const q = (sql: string) => service.dataSource.query(sql, [s.ids.tm]) as Promise<unknown[]>;
  return {
    entries: await q(
      `SELECT entry_id, member_id, entry_date::text, minutes, billable, deleted, state_at, costing, currency, cost_minor, bill_minor
       FROM costed_time_entries WHERE engagement_id = $1 ORDER BY entry_id`,
    ),
    daily: await q(
      `SELECT member_id, day::text, minutes, billable_minutes, cost_minor, bill_minor
       FROM time_rollup_daily WHERE engagement_id = $1 AND minutes <> 0 ORDER BY day, member_id`,
    ),
    monthly: await q(
      `SELECT month::text, minutes, billable_minutes, cost_minor, bill_minor
       FROM time_rollup_monthly WHERE engagement_id = $1 AND minutes <> 0 ORDER BY month`,
    ),
    yearly: await q(
      `SELECT year::text, minutes, billable_minutes, cost_minor, bill_minor
       FROM time_rollup_yearly WHERE engagement_id = $1 AND minutes <> 0 ORDER BY year`,
    ),
    updatedAt: await q(`SELECT updated_at FROM engagement_ledgers WHERE engagement_id = $1`),
  };
}

/** Counts the statements a function sends through the transaction's manager. */
async function countStatements(
  service: TestService,
  work: (manager: EntityManager) => Promise<unknown>,
): Promise<number> {
  let statements = 0;
  await service.dataSource.transaction(async (manager) => {
    const counted = Object.create(manager) as EntityManager;
    counted.query = ((...args: Parameters<EntityManager['query']>) => {
      statements += 1;
      return manager.query(...args);
    }) as EntityManager['query'];
    await work(counted);
  });
  return statements;
}

describe('applying a chunk of entry events set-wise', () => {
  it('gives the same entries, rollups and updatedAt as applying the events one by one', async () => {
    const [t1, t2, t3, t4, t5]: string[] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const events: EntryEvent[] = [
      entry({ entryId: t1, at: at('09:00'), minutes: 30 }),
      // Corrected to 90 minutes, then the original TimeLogged delivered again (older: ignored).
      entry({ entryId: t1, at: at('11:00'), minutes: 90 }),
      entry({ entryId: t1, at: at('09:00'), minutes: 30 }),
      // Deleted before its TimeLogged arrives; the late, older TimeLogged must not revive it.
      entry({ entryId: t2, at: at('12:00'), minutes: 0, billable: false, deleted: true }),
      entry({ entryId: t2, at: at('10:00'), minutes: 60 }),
      // Logged, then deleted within the same chunk.
      entry({ entryId: t3, at: at('09:30'), minutes: 45, billable: false }),
      entry({ entryId: t3, at: at('10:30'), minutes: 0, billable: false, deleted: true }),
      // Moved to another day (into February's rate) by a correction.
      entry({ entryId: t4, at: at('09:00'), minutes: 60, date: '2026-01-31' }),
      entry({ entryId: t4, at: at('13:00'), minutes: 60, date: '2026-02-10' }),
      // Bob's rate is in EUR: minutes count, money does not.
      entry({ entryId: t5, at: at('09:00'), minutes: 120, memberId: s.ids.bob }),
    ];
    await chunked.dataSource.transaction((m) => applyEntryEvents(m, events, logger));
    for (const event of events) {
      await oneByOne.dataSource.transaction((m) => applyEntryEvents(m, [event], logger));
    }
    const [a, b] = [await projection(chunked), await projection(oneByOne)];
    expect(a).toEqual(b);

    // By hand, Alice at 1.01 / 100.00 USD in January and 2.00 / 150.00 from February:
    //   t1 90 min: cost 151.5 → 152 (half even), bill 15000; t4 60 min in February: cost 200, bill 15000
    //   t2 and t3 deleted; t5 is Bob's 120 min, not costed (EUR rate on a USD engagement).
    const live = (
      a.entries as Array<{
        entry_id: string;
        deleted: boolean;
        cost_minor: string;
        bill_minor: string;
        costing: string;
      }>
    ).filter((row) => [t1, t2, t3, t4, t5].includes(row.entry_id));
    const byId = new Map(live.map((row) => [row.entry_id, row] as const));
    expect(byId.get(t1)).toMatchObject({ deleted: false, cost_minor: '152', bill_minor: '15000' });
    expect(byId.get(t4)).toMatchObject({ deleted: false, cost_minor: '200', bill_minor: '15000' });
    expect(byId.get(t2)).toMatchObject({ deleted: true });
    expect(byId.get(t3)).toMatchObject({ deleted: true });
    expect(byId.get(t5)).toMatchObject({ deleted: false, costing: 'CURRENCY_MISMATCH', cost_minor: '0' });
    expect(a.monthly).toEqual([
      {
        month: '2026-01-01',
        minutes: '210',
        billable_minutes: '210',
        cost_minor: '152',
        bill_minor: '15000',
      },
      { month: '2026-02-01', minutes: '60', billable_minutes: '60', cost_minor: '200', bill_minor: '15000' },
    ]);
    expect(a.yearly).toEqual([
      { year: '2026-01-01', minutes: '270', billable_minutes: '270', cost_minor: '352', bill_minor: '30000' },
    ]);
  });

  it('sends as many statements for 200 entries as for 5', async () => {
    const chunkOf = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        entry({
          entryId: randomUUID(),
          at: at('15:00'),
          memberId: i % 2 ? s.ids.alice : s.ids.carol,
          date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
          minutes: 15,
        }),
      );
    const few = await countStatements(chunked, (m) => applyEntryEvents(m, chunkOf(5), logger));
    const many = await countStatements(chunked, (m) => applyEntryEvents(m, chunkOf(200), logger));
    expect(many).toBe(few);
    // engagement lock, member lock, held rows, costing inputs, upsert, daily, monthly and yearly
    // rollups, ledger timestamps
    expect(few).toBe(9);
  });
});
