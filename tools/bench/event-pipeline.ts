/**
 * Benchmark of the event pipeline: outbox → relay → Kafka → consumer → inbox-guarded projection,
 * on the local broker and PostgreSQL.
 *
 *   npx tsx tools/bench/event-pipeline.ts
 *
 * (a) Sustained throughput: BURST events written in transactions of TX_SIZE by WRITERS
 *     concurrent writers, measured from the first commit to the last event applied.
 * (b) Latency from a producer commit to the consumer's commit of the projection change, p50/p99,
 *     at a steady RATE events/s for STEADY_SECONDS.
 *
 * The producer ("project-delivery") and the consumer ("accounting") each get a fresh database
 * and the run a fresh topic prefix; databases are dropped at the end. Results are printed,
 * written to .cache/bench/event-pipeline.json, and into the "## Event pipeline" section of
 * BENCHMARKS.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import type { EventEnvelope } from '@platform/events';
import { Messaging, messagingMigrations, waitForBroker, type MessagingOptions } from '@platform/messaging';
import { createLogger, createMetrics } from '@platform/observability';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const BURST = env('BENCH_BURST', 50_000);
const TX_SIZE = env('BENCH_TX_SIZE', 100);
const WRITERS = env('BENCH_WRITERS', 4);
const RATE = env('BENCH_RATE', 500);
const STEADY_SECONDS = env('BENCH_STEADY_SECONDS', 20);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
const ENGAGEMENTS = env('BENCH_ENGAGEMENTS', 1000);
const RELAY_BATCH = env('BENCH_RELAY_BATCH', 1000);
const CHUNK = env('BENCH_CHUNK', 500);
const CONCURRENCY = env('BENCH_CONCURRENCY', 3);
const TARGETS = { eventsPerSecond: 5000, p99Ms: 250 };

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 10) / 10;
}

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const PG = `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}`;

/** The projection under test: minutes logged per engagement, kept by accounting's consumer. */
class CreateBenchTally1767225700000 implements MigrationInterface {
  name = 'CreateBenchTally1767225700000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE tally (engagement_id uuid PRIMARY KEY, minutes bigint NOT NULL)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tally');
  }
}

const tallyHandlers: MessagingOptions['handlers'] = {
  TimeLogged: async (event, manager) => {
    await manager.query(
      `INSERT INTO tally (engagement_id, minutes) VALUES ($1, $2)
       ON CONFLICT (engagement_id) DO UPDATE SET minutes = tally.minutes + $2`,
      [event.payload.engagementId, event.payload.minutes],
    );
  },
};

interface Side {
  url: string;
  dataSource: DataSource;
}

async function createSide(
  label: string,
  migrations: Array<new () => MigrationInterface>,
  poolSize: number,
): Promise<Side> {
  const url = `${PG}/bench_events_${label}_${randomBytes(3).toString('hex')}`;
  await ensureDatabaseExists(url);
  const { dataSource } = createDataSource({
    url,
    entities: [],
    migrations: [...messagingMigrations, ...migrations],
    poolSize,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return { url, dataSource };
}

async function dropSide(side: Side): Promise<void> {
  await side.dataSource.destroy();
  await dropDatabaseIfExists(side.url);
}

function messaging(
  service: string,
  side: Side,
  topicPrefix: string,
  extra: Partial<MessagingOptions>,
): Messaging {
  return new Messaging({
    service,
    brokers: KAFKA_BROKERS,
    topicPrefix,
    partitions: PARTITIONS,
    dataSource: side.dataSource,
    databaseUrl: side.url,
    metrics: createMetrics(service, false),
    logger: createLogger(service, process.env.LOG_LEVEL ?? 'warn'),
    handlers: {},
    ...extra,
  });
}

/** One transaction that logs each (engagement, minutes) entry through the outbox. */
function logTime(side: Side, producer: Messaging, entries: Array<[string, number]>) {
  return side.dataSource.transaction(async (manager: EntityManager) => {
    const events: EventEnvelope<'TimeLogged'>[] = [];
    for (const [engagementId, minutes] of entries) {
      events.push(
        await producer.outbox.publish(manager, 'TimeLogged', {
          entryId: randomUUID(),
          engagementId,
          projectId: '1b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
          memberId: '2b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
          date: '2026-03-02',
          minutes,
          billable: true,
          loggedAt: new Date().toISOString(),
        }),
      );
    }
    return events;
  });
}

interface Run {
  producerSide: Side;
  consumerSide: Side;
  producer: Messaging;
  consumer: Messaging;
  appliedAt: Map<string, number>;
  applied(): number;
}

async function setUp(): Promise<Run> {
  const topicPrefix = `bench${randomBytes(3).toString('hex')}.`;
  const [producerSide, consumerSide] = await Promise.all([
    createSide('producer', [], WRITERS + 4),
    createSide('consumer', [CreateBenchTally1767225700000], CONCURRENCY + 4),
  ]);
  const appliedAt = new Map<string, number>();
  let applied = 0;
  const producer = messaging('project-delivery', producerSide, topicPrefix, {
    relay: { batchSize: RELAY_BATCH },
  });
  const consumer = messaging('accounting', consumerSide, topicPrefix, {
    handlers: tallyHandlers,
    relay: { enabled: false },
    consumer: {
      chunkSize: CHUNK,
      partitionsConsumedConcurrently: CONCURRENCY,
      // Timestamps each event when the transaction that applied it has committed.
      afterDatabaseCommit: ({ appliedEventIds }) => {
        const at = now();
        applied += appliedEventIds.length;
        for (const id of appliedEventIds) appliedAt.set(id, at);
      },
    },
  });
  await Promise.all([producer.start(), consumer.start()]);
  return { producerSide, consumerSide, producer, consumer, appliedAt, applied: () => applied };
}

async function tearDown(run: Run): Promise<void> {
  await Promise.all([run.producer.stop(), run.consumer.stop()]);
  await Promise.all([dropSide(run.producerSide), dropSide(run.consumerSide)]);
}

async function waitUntilApplied(run: Run, total: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (run.applied() < total) {
    if (Date.now() > deadline)
      throw new Error(`only ${run.applied()} of ${total} events applied in ${timeoutMs} ms`);
    await sleep(5);
  }
  return now();
}

async function throughput(run: Run) {
  const engagements = Array.from({ length: ENGAGEMENTS }, () => randomUUID());
  const transactions = Math.ceil(BURST / TX_SIZE);
  const before = run.applied();
  let next = 0;
  let firstCommit = 0;
  let lastCommit = 0;
  const writer = async () => {
    for (let tx = next++; tx < transactions; tx = next++) {
      const entries: Array<[string, number]> = [];
      for (let i = 0; i < TX_SIZE && tx * TX_SIZE + i < BURST; i++) {
        entries.push([engagements[(tx * TX_SIZE + i) % ENGAGEMENTS], 1 + ((tx + i) % 60)]);
      }
      await logTime(run.producerSide, run.producer, entries);
      lastCommit = now();
      if (firstCommit === 0) firstCommit = lastCommit;
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  await run.producer.drainOutbox(300_000);
  const lastRelayed = now();
  const lastApplied = await waitUntilApplied(run, before + BURST, 300_000);
  const seconds = (lastApplied - firstCommit) / 1000;
  const [{ n }]: Array<{ n: string }> = await run.consumerSide.dataSource.query(
    'SELECT count(*) AS n FROM inbox',
  );
  const inbox = Number(n);
  if (inbox !== before + BURST) throw new Error(`inbox holds ${inbox} events, expected ${before + BURST}`);
  return {
    events: BURST,
    transactionSize: TX_SIZE,
    writers: WRITERS,
    writeSeconds: Math.round((lastCommit - firstCommit) / 10) / 100,
    writeEventsPerSecond: Math.round(BURST / ((lastCommit - firstCommit) / 1000)),
    relayedSeconds: Math.round((lastRelayed - firstCommit) / 10) / 100,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round(BURST / seconds),
  };
}

async function latency(run: Run) {
  const engagements = Array.from({ length: 200 }, () => randomUUID());
  const perTick = 5;
  const tickMs = (1000 * perTick) / RATE;
  const total = Math.round(RATE * STEADY_SECONDS);
  const committedAt = new Map<string, number>();
  const before = run.applied();
  const started = now();
  let written = 0;
  const inFlight: Promise<void>[] = [];
  for (let tick = 0; written < total; tick++) {
    const due = started + tick * tickMs;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const entries: Array<[string, number]> = [];
    for (let i = 0; i < perTick && written < total; i++, written++) {
      entries.push([engagements[written % engagements.length], 1 + (written % 60)]);
    }
    inFlight.push(
      logTime(run.producerSide, run.producer, entries).then((events) => {
        const at = now();
        for (const event of events) committedAt.set(event.id, at);
      }),
    );
  }
  await Promise.all(inFlight);
  const achievedRate = Math.round(total / ((now() - started) / 1000));
  await waitUntilApplied(run, before + total, 60_000);
  const samples = [...committedAt].map(([id, at]) => {
    const appliedAt = run.appliedAt.get(id);
    if (appliedAt === undefined) throw new Error(`event ${id} was never applied`);
    return appliedAt - at;
  });
  samples.sort((a, b) => a - b);
  return {
    events: total,
    targetRate: RATE,
    achievedRate,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: percentile(samples, 100),
  };
}

function updateBenchmarksMd(section: string): void {
  const file = join(process.cwd(), 'BENCHMARKS.md');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmarks\n';
  }
  const heading = '## Event pipeline';
  const start = text.indexOf(`${heading}\n`);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const rest = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + section + (rest === -1 ? '' : `\n${text.slice(rest + 1)}`);
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}

async function main(): Promise<void> {
  await waitForBroker(KAFKA_BROKERS, 10_000);
  log(
    `event pipeline: burst ${BURST} events (tx ${TX_SIZE}, ${WRITERS} writers), steady ${RATE}/s for ${STEADY_SECONDS} s; ` +
      `${PARTITIONS} partitions, relay batch ${RELAY_BATCH}, consumer chunk ${CHUNK} x ${CONCURRENCY} partitions`,
  );
  const run = await setUp();
  try {
    // Warm-up: connections, JIT, the consumer's first fetch.
    await logTime(run.producerSide, run.producer, [[randomUUID(), 1]]);
    await waitUntilApplied(run, 1, 30_000);

    const burst = await throughput(run);
    log(
      `(a) sustained: ${burst.eventsPerSecond} events/s (${burst.events} events in ${burst.seconds} s, first commit → last applied; ` +
        `writes alone ${burst.writeEventsPerSecond} events/s, all relayed after ${burst.relayedSeconds} s)`,
    );
    const steady = await latency(run);
    log(
      `(b) latency at ${steady.achievedRate}/s: p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms, max ${steady.maxMs} ms ` +
        `(${steady.events} events, commit → projection committed)`,
    );

    const result = {
      date: new Date().toISOString(),
      command: 'npx tsx tools/bench/event-pipeline.ts',
      machine: { cpus: cpus().length, node: process.version },
      config: {
        partitions: PARTITIONS,
        relayBatch: RELAY_BATCH,
        consumerChunk: CHUNK,
        concurrency: CONCURRENCY,
      },
      sustained: burst,
      latency: steady,
      targets: TARGETS,
      met: { sustained: burst.eventsPerSecond >= TARGETS.eventsPerSecond, p99: steady.p99Ms < TARGETS.p99Ms },
    };
    mkdirSync(join(process.cwd(), '.cache', 'bench'), { recursive: true });
    writeFileSync(
      join(process.cwd(), '.cache', 'bench', 'event-pipeline.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    updateBenchmarksMd(markdown(result));
    log('written .cache/bench/event-pipeline.json and the "Event pipeline" section of BENCHMARKS.md');
  } finally {
    await tearDown(run);
  }
}

function markdown(r: {
  date: string;
  command: string;
  machine: { cpus: number; node: string };
  config: { partitions: number; relayBatch: number; consumerChunk: number; concurrency: number };
  sustained: Awaited<ReturnType<typeof throughput>>;
  latency: Awaited<ReturnType<typeof latency>>;
  met: { sustained: boolean; p99: boolean };
}): string {
  const ok = (met: boolean) => (met ? 'met' : 'NOT met');
  return [
    '## Event pipeline',
    '',
    `Outbox → relay → Kafka → consumer → inbox-guarded projection, local single-node Kafka and PostgreSQL,`,
    `${r.machine.cpus} CPUs, Node ${r.machine.node}. Measured ${r.date.slice(0, 10)} with \`${r.command}\`.`,
    '',
    '| figure | result | target |',
    '| --- | --- | --- |',
    `| sustained throughput, ${r.sustained.events} events in transactions of ${r.sustained.transactionSize} (first commit → last applied) | ${r.sustained.eventsPerSecond} events/s | ≥ 5,000 events/s (${ok(r.met.sustained)}) |`,
    `| commit → projection committed at ${r.latency.achievedRate} events/s for ${Math.round(r.latency.events / r.latency.targetRate)} s | p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms | p99 < 250 ms (${ok(r.met.p99)}) |`,
    '',
    `Settings: ${r.config.partitions} partitions, relay batch ${r.config.relayBatch}, consumer chunk ${r.config.consumerChunk} events per transaction, ${r.config.concurrency} partitions consumed concurrently; ${r.sustained.writers} concurrent writers (writes alone: ${r.sustained.writeEventsPerSecond} events/s). Raw figures: \`.cache/bench/event-pipeline.json\`.`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
