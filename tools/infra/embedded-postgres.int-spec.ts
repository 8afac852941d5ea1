import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import {
  findRepoRoot,
  freePort,
  isPostgresReachable,
  SUBGRAPHS,
  startTsProcess,
  waitForHttp,
  type ManagedProcess,
} from '@platform/infra';
import { KAFKA_BROKERS, TEST_SIGNING_SECRET, identity, postGraphQL, uniqueId } from '@platform/testing';
import { embeddedRoot } from './embedded-postgres';

// CONTEXT: issue 18 "A fresh laptop" — when no PostgreSQL answers and none is configured, the
// infrastructure step starts an embedded one with the same databases, the services migrate and
// serve on it, and `down` stops it. Here PostgreSQL is pointed at a free port where nothing
// listens; the shared broker stands in for Kafka.

const root = findRepoRoot(__dirname);
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
const run = promisify(execFile);

describe('infra up without a PostgreSQL server', () => {
  let port: number;
  let env: NodeJS.ProcessEnv;
  let sales: ManagedProcess | undefined;

  const infra = (...args: string[]) =>
    run(process.execPath, [tsx, 'tools/infra/infra.ts', ...args], { cwd: root, env, timeout: 180_000 });

  beforeAll(async () => {
    port = await freePort();
    env = { ...process.env, DATABASE_URL_BASE: `postgres://postgres@127.0.0.1:${port}` };
    for (const name of Object.keys(env)) {
      if (/^PG[A-Z]+$/.test(name) || /_DATABASE_URL$/.test(name)) delete env[name];
    }
    env.KAFKA_BROKERS = KAFKA_BROKERS.join(',');
  });

  afterAll(async () => {
    await sales?.stop();
    await infra('down', 'postgres').catch(() => undefined);
    rmSync(embeddedRoot(resolve(root, '.cache'), port), { recursive: true, force: true });
  });

  it('starts an embedded server with the four databases; a subgraph migrates and answers on it; down stops it', async () => {
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    expect(await isPostgresReachable(admin)).toBe(false);

    const { stdout } = await infra('up');
    expect(stdout).toMatch(new RegExp(`embedded PostgreSQL \\d+ started on 127\\.0\\.0\\.1:${port}`));
    const databases = SUBGRAPHS.map((s) => s.database);
    expect(stdout).toContain(`databases ${databases.join(', ')} ready`);

    const client = new Client({ connectionString: admin });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = ANY($1::text[]) ORDER BY datname`,
      [databases],
    );
    await client.end();
    expect(rows.map((r) => r.datname)).toEqual([...databases].sort());

    // The migration step npm start runs, then the service itself, both on the embedded server.
    const databaseUrl = `postgres://postgres@127.0.0.1:${port}/sales`;
    await run(process.execPath, [tsx, 'apps/sales/src/migrate.ts'], {
      cwd: root,
      env: { ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    const salesDb = new Client({ connectionString: databaseUrl });
    await salesDb.connect();
    const migrations = await salesDb.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    await salesDb.end();
    expect(migrations.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['CreateOutbox1767225600000', 'CreateSalesSchema1767300000000']),
    );

    const servicePort = await freePort();
    sales = startTsProcess('sales', 'apps/sales/src/main.ts', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(servicePort),
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueId('embedded')}.`,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    });
    await waitForHttp(`http://127.0.0.1:${servicePort}/ready`, sales);
    const body = await postGraphQL<{ clients: unknown[] }>(
      `http://127.0.0.1:${servicePort}/graphql`,
      '{ clients { id } }',
      undefined,
      {
        [IDENTITY_HEADER]: signIdentity(
          identity('00000000-0000-4000-8000-0000000000ee', ['ADMIN']),
          TEST_SIGNING_SECRET,
        ),
      },
    );
    expect(body).toEqual({ data: { clients: [] } });
    await sales.stop();
    sales = undefined;

    const down = await infra('down', 'postgres');
    expect(down.stdout).toMatch(new RegExp(`embedded PostgreSQL on 127\\.0\\.0\\.1:${port} stopped`));
    expect(await isPostgresReachable(admin)).toBe(false);
  }, 400_000);
});
