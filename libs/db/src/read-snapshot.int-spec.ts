import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { requestSnapshot, type SnapshotScope } from './read-snapshot';

/**
 * A GraphQL query's loaders read its snapshot concurrently: the statements must reach the one
 * pg client one at a time (pg queues them itself today, deprecated and removed in pg 9), in the
 * order they were issued, inside one REPEATABLE READ transaction, and the client must go back
 * to the pool as it came.
 */
const host = process.env.PGHOST ?? '127.0.0.1';
const port = process.env.PGPORT ?? '5432';
const user = process.env.PGUSER ?? 'postgres';
let dataSource: DataSource;

beforeAll(async () => {
  ({ dataSource } = createDataSource({
    url: `postgres://${user}@${host}:${port}/postgres`,
    entities: [],
    migrations: [],
    poolSize: 1,
  }));
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
});

function queryScope(): SnapshotScope & { finish(): Promise<void> } {
  const tasks: Array<() => Promise<void>> = [];
  return {
    operation: 'query',
    onFinish: (task) => tasks.push(task),
    finish: async () => {
      for (const task of tasks) await task();
    },
  };
}

describe('a request snapshot read by concurrent loaders', () => {
  it('sends one statement at a time, in order, in one transaction, and never trips pg’s queue', async () => {
    // pg deprecates (and pg 9 removes) a query sent while another waits in the client's queue:
    // record the queue each statement finds on arrival.
    const queued: number[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
      this: Client & { _queryQueue: unknown[] },
      ...args: unknown[]
    ) {
      queued.push(this._queryQueue.length);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    const scope = queryScope();
    const manager = requestSnapshot(dataSource, scope);
    try {
      // Five loaders at once; each statement reports the transaction it ran in and when.
      const rows = (await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          manager.query(
            `SELECT $1::int AS n, txid_current_if_assigned() IS NULL AS read_only,
                    current_setting('transaction_isolation') AS isolation,
                    clock_timestamp() AS at, pg_sleep(0.02)::text AS slept`,
            [n],
          ),
        ),
      )) as Array<Array<{ n: number; isolation: string; at: Date }>>;
      const results = rows.map(([row]) => row);
      expect(results.map((r) => r.isolation)).toEqual(Array(5).fill('repeatable read'));
      // One after the other, in the order issued: each started after the previous one slept.
      for (let i = 1; i < results.length; i += 1)
        expect(results[i].at.getTime()).toBeGreaterThanOrEqual(results[i - 1].at.getTime() + 20);
    } finally {
      await scope.finish();
      spy.mockRestore();
    }
    // BEGIN, the five reads, ROLLBACK: each found no statement waiting before it.
    expect(queued).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // The client went back to the pool unwrapped: a plain query on it runs outside any transaction.
    const [after] = (await dataSource.query(
      `SELECT current_setting('transaction_isolation') AS isolation`,
    )) as Array<{
      isolation: string;
    }>;
    expect(after.isolation).toBe('read committed');
  });
});
