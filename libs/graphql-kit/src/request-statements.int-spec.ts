import { join } from 'node:path';
import {
  createDataSource,
  dropDatabaseIfExists,
  ensureDatabaseExists,
  type QueryCounter,
} from '@platform/db';
import { createLogger, createMetrics } from '@platform/observability';
import type { DataSource } from 'typeorm';
import { IDENTITY_HEADER, signIdentity } from './identity';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';

// Issue 13, "QueryCounter counts per request, not per process": the no-N+1 tests read a
// request's SQL statements; a process-wide counter read before and after a request also counted
// every statement sent meanwhile by another request (or the consumer). Each request now counts
// in its own async context (AsyncLocalStorage), wired as service-kit wires it.
const SECRET = 'statements-test-signing-secret-0123456789';
const host = process.env.PGHOST ?? '127.0.0.1';
const databaseUrl = `postgres://${process.env.PGUSER ?? 'postgres'}@${host}:${process.env.PGPORT ?? '5432'}/t_statements_${process.pid}`;

let dataSource: DataSource;
let queries: QueryCounter;
let server: RunningSubgraph;
/** Resolves once both concurrent requests have sent their first statement. */
let bothStarted: Promise<void>;
let started: () => void;

beforeAll(async () => {
  await ensureDatabaseExists(databaseUrl);
  ({ dataSource, queries } = createDataSource({
    url: databaseUrl,
    entities: [],
    migrations: [],
    poolSize: 4,
  }));
  await dataSource.initialize();
  let running = 0;
  server = await startSubgraphServer({
    name: 'statements',
    schemaPath: join(__dirname, 'testing/statements-subgraph.graphql'),
    resolvers: {
      Query: {
        statements: async (_: unknown, { count }: { count: number }) => {
          await dataSource.query('SELECT 1');
          running += 1;
          if (running === 2) started();
          // The two requests' remaining statements interleave.
          await bothStarted;
          for (let i = 1; i < count; i += 1) await dataSource.query('SELECT $1::int', [i]);
          return count;
        },
      },
    },
    host: '127.0.0.1',
    port: 0,
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    production: true,
    signingSecret: SECRET,
    signatureMaxAgeSeconds: 60,
    logger: createLogger('statements', 'silent'),
    metrics: createMetrics('statements', false),
    readiness: [],
    buildContext: (base) => base,
    runRequest: async (requestId, execute) => (await queries.track(requestId, execute)).result,
  });
});

afterAll(async () => {
  await server?.stop();
  await dataSource?.destroy();
  await dropDatabaseIfExists(databaseUrl);
});

/** One request as a test client sends it: its id, then its statements claimed by the caller. */
async function statements(count: number, requestId: string): Promise<number> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      [IDENTITY_HEADER]: signIdentity({ sub: 'tester', roles: ['ADMIN'], name: 'Tester' }, SECRET),
    },
    body: JSON.stringify({ query: `{ statements(count: ${count}) }` }),
  });
  const body = (await response.json()) as { data?: { statements: number } };
  queries.claim(requestId);
  return body.data!.statements;
}

describe('SQL statements counted per request', () => {
  it('gives two concurrent requests their own counts while the process-wide count has both', async () => {
    bothStarted = new Promise((resolve) => (started = resolve));
    const before = queries.count;
    // 2 and 5 statements, the second statement of each sent only once both requests are running:
    // a before/after difference of the process-wide count would give each of them 7.
    const [small, large] = await Promise.all([
      queries.measure(() => statements(2, 'request-small')),
      queries.measure(() => statements(5, 'request-large')),
    ]);
    expect(small).toEqual({ result: 2, queries: 2 });
    expect(large).toEqual({ result: 5, queries: 5 });
    expect(queries.count - before).toBe(7);
  });

  it('counts nothing for a request nobody measures, and keeps no tally after the measurement', async () => {
    bothStarted = Promise.resolve();
    const before = queries.count;
    expect(await statements(3, 'request-unmeasured')).toBe(3);
    expect(queries.count - before).toBe(3);
    // The request finished outside any measurement: claiming it later adds nothing.
    const late = await queries.measure(async () => queries.claim('request-unmeasured'));
    expect(late.queries).toBe(0);
  });
});
