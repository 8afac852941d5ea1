import type { EntityManager } from 'typeorm';
import { DeferredWorkQueue } from './event-consumer';

const manager = {} as EntityManager;

describe('DeferredWorkQueue (work left by handlers for the end of their chunk)', () => {
  it('gives every handler naming a key the same state and runs that work once', async () => {
    const queue = new DeferredWorkQueue();
    const runs: string[][] = [];
    const work = {
      key: 'entries',
      order: 0,
      init: () => [] as string[],
      run: async (ids: string[]) => {
        runs.push([...ids]);
      },
    };
    queue.defer(work).push('a');
    queue.defer(work).push('b');
    queue.defer(work).push('c');
    await queue.runAll(manager);
    expect(runs).toEqual([['a', 'b', 'c']]);
    await queue.runAll(manager);
    expect(runs).toHaveLength(1);
  });

  it('runs by order, then first use, and runs work deferred by a run after it in its own order', async () => {
    const queue = new DeferredWorkQueue();
    const log: string[] = [];
    const alerts = () =>
      queue.defer({
        key: 'alerts',
        order: 100,
        init: () => new Set<string>(),
        run: async (ids) => {
          log.push(`alerts:${[...ids].sort().join(',')}`);
        },
      });
    // An earlier handler asked for alerts before any entry arrived...
    alerts().add('e1');
    queue.defer({
      key: 'labels',
      order: 50,
      init: () => null,
      run: async () => {
        log.push('labels');
      },
    });
    queue.defer({
      key: 'entries',
      order: 0,
      init: () => null,
      run: async () => {
        log.push('entries');
        // ...and the entries' run adds to the alerts, which have not run yet.
        alerts().add('e2');
      },
    });
    await queue.runAll(manager);
    expect(log).toEqual(['entries', 'labels', 'alerts:e1,e2']);
  });

  it('lets a run defer work under its own key again (it then runs a second time)', async () => {
    const queue = new DeferredWorkQueue();
    let runs = 0;
    const work = {
      key: 'again',
      order: 0,
      init: () => null,
      run: async () => {
        runs += 1;
        if (runs === 1) queue.defer(work);
      },
    };
    queue.defer(work);
    await queue.runAll(manager);
    expect(runs).toBe(2);
  });

  it('passes the chunk transaction to the work', async () => {
    const queue = new DeferredWorkQueue();
    const seen: EntityManager[] = [];
    queue.defer({
      key: 'k',
      order: 0,
      init: () => null,
      run: async (_state, m) => {
        seen.push(m);
      },
    });
    await queue.runAll(manager);
    expect(seen).toEqual([manager]);
  });
});
