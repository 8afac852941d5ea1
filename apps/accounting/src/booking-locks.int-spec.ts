import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@platform/events';
import { DeferredWorkQueue, resolveHandler } from '@platform/messaging';
import { eventually, startTestService, type TestService } from '@platform/testing';
import type { EntityManager } from 'typeorm';
import type { AccountingDeps } from './config';
import { deliveryEventHandlers } from './events/delivery-events.consumer';
import { engagementEventHandlers } from './events/engagement-events.consumer';
import { accountingService } from './service';
import { buildScenario, feed } from './testing/scenario';

/**
 * Lock order in accounting's chunks (docs/development.md, "Lock order"): two chunks whose bookings
 * name the same members in opposite orders never deadlock, a member whose entries and bookings are
 * in one chunk is locked once, EXCLUSIVE, never SHARED and then upgraded, and a chunk opening
 * ledgers takes all their locks first, so a chunk of entries on them never deadlocks with it.
 */
const s = buildScenario();
const engagementId = randomUUID();
const [memberA, memberB] = [randomUUID(), randomUUID()].sort();
let service: TestService;

const allocation = (memberId: string): EventEnvelope<'AllocationPlanned'> =>
  s.ev(
    'AllocationPlanned',
    {
      allocationId: randomUUID(),
      memberId,
      projectId: randomUUID(),
      engagementId,
      minutesPerWeek: 600,
      from: '2026-01-05',
      to: '2026-02-27',
      role: null,
      status: 'CONFIRMED',
      createdAt: '2026-01-02T09:00:00.000Z',
      changedAt: '2026-01-02T09:00:00.000Z',
    },
    'delivery',
  );

/** Runs one event's handler as the consumer does, in the chunk's transaction and deferred-work queue. */
async function handle(event: EventEnvelope, manager: EntityManager, chunk: DeferredWorkQueue) {
  const deps = service as unknown as AccountingDeps;
  const delivery = deliveryEventHandlers(deps);
  const handlers = event.type in delivery ? delivery : engagementEventHandlers(deps);
  const resolved = resolveHandler(handlers, event);
  if (!resolved) throw new Error(`no handler for ${event.type}`);
  await resolved.handle(resolved.event, manager, chunk);
}

/** A promise and the function that settles it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

beforeAll(async () => {
  service = await startTestService(accountingService);
  await feed(service, [
    s.opened(engagementId, { name: 'Locks', startDate: '2026-01-01', endDate: '2026-03-31' }),
  ]);
  await eventually(async () => {
    const rows = (await service.dataSource.query(
      `SELECT 1 FROM engagement_ledgers WHERE engagement_id = $1`,
      [engagementId],
    )) as unknown[];
    return rows.length === 1;
  });
});

afterAll(async () => {
  await service?.close();
});

/** Until a backend of this test's database waits on a lock. */
const someoneWaits = () =>
  eventually(async () => {
    const [row] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )) as Array<{ n: number }>;
    return row.n > 0;
  });

describe('lock order of delivery chunks', () => {
  it('two chunks booking the same two members in opposite orders both commit (no deadlock)', async () => {
    // Each chunk handles its first booking, then both wait until the other did, then handle the
    // second: when a handler locked its member as it went, chunk 1 held B and waited for A while
    // chunk 2 held A and waited for B, and PostgreSQL aborted one of them (deadlock detected).
    const firstDone = [gate(), gate()];
    const chunk = (index: number, first: string, second: string) =>
      service.dataSource.transaction(async (manager) => {
        const queue = new DeferredWorkQueue();
        await handle(allocation(first), manager, queue);
        firstDone[index].open();
        await Promise.all(firstDone.map((g) => g.wait));
        await handle(allocation(second), manager, queue);
        await queue.runAll(manager);
      });
    const outcomes = await Promise.allSettled([chunk(0, memberB, memberA), chunk(1, memberA, memberB)]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    const [row] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM forecast_allocations WHERE engagement_id = $1`,
      [engagementId],
    )) as Array<{ n: number }>;
    expect(row.n).toBe(4);
  });

  it('a member with entries and bookings in one chunk is locked once, EXCLUSIVE', async () => {
    const held = gate();
    const applied = gate();
    const chunk = service.dataSource.transaction(async (manager) => {
      const queue = new DeferredWorkQueue();
      // A's entry (costing alone would lock A SHARED) and A's booking in the same chunk; B's entry only.
      await handle(s.logged(randomUUID(), engagementId, memberA, '2026-01-12', 60, true), manager, queue);
      await handle(s.logged(randomUUID(), engagementId, memberB, '2026-01-12', 60, true), manager, queue);
      await handle(allocation(memberA), manager, queue);
      await queue.runAll(manager);
      applied.open();
      await held.wait;
    });
    await applied.wait;
    const modes = async (memberId: string) =>
      (
        (await service.dataSource.query(
          `SELECT l.mode FROM pg_locks l,
             (SELECT hashtextextended('member-rate:' || $1, 0) AS k) key
           WHERE l.locktype = 'advisory' AND l.granted
             AND l.classid::bigint = ((key.k >> 32) & 4294967295) AND l.objid::bigint = (key.k & 4294967295)
           ORDER BY l.mode`,
          [memberId],
        )) as Array<{ mode: string }>
      ).map((r) => r.mode);
    try {
      expect(await modes(memberA)).toEqual(['ExclusiveLock']);
      expect(await modes(memberB)).toEqual(['ShareLock']);
    } finally {
      held.open();
      await chunk;
    }
  });
});

describe('lock order of ledger chunks', () => {
  it('a chunk opening two ledgers (higher id first) and a chunk of entries on both both commit (no deadlock)', async () => {
    const [low, high] = [randomUUID(), randomUUID()].sort();
    const member = randomUUID();
    const entry = (engagementId: string) =>
      s.logged(randomUUID(), engagementId, member, '2026-01-12', 60, true);
    // Entries on both engagements arrive before their ledgers open (held uncosted until then).
    await service.dataSource.transaction(async (manager) => {
      const queue = new DeferredWorkQueue();
      for (const id of [low, high]) await handle(entry(id), manager, queue);
      await queue.runAll(manager);
    });
    // Chunk E opens `high` then `low`; chunk D brings one more entry on each. When E locked one
    // ledger per event, D (ledgers in key order) held `low` and waited for `high`, which E held
    // while it waited for `low`: deadlock. E now locks both ledgers at its first event.
    const opened = [high, low].map((id) =>
      s.opened(id, { name: 'Lock order', startDate: '2026-01-01', endDate: '2026-03-31' }),
    );
    const firstHandled = gate();
    const dWaits = gate();
    const e = service.dataSource.transaction(async (manager) => {
      const queue = new DeferredWorkQueue(opened);
      await handle(opened[0], manager, queue);
      firstHandled.open();
      await dWaits.wait;
      await handle(opened[1], manager, queue);
      await queue.runAll(manager);
    });
    await firstHandled.wait;
    const later = [entry(low), entry(high)];
    const d = service.dataSource.transaction(async (manager) => {
      const queue = new DeferredWorkQueue(later);
      for (const event of later) await handle(event, manager, queue);
      await queue.runAll(manager);
    });
    await someoneWaits();
    dWaits.open();
    const outcomes = await Promise.allSettled([e, d]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    // Both ledgers open, and all four entries counted on them (two each).
    const rows = (await service.dataSource.query(
      `SELECT engagement_id, count(*)::int AS n FROM costed_time_entries WHERE engagement_id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
      [[low, high]],
    )) as Array<{ engagement_id: string; n: number }>;
    expect(rows).toEqual([
      { engagement_id: low, n: 2 },
      { engagement_id: high, n: 2 },
    ]);
  });
});
