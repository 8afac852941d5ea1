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
import { cpus, loadavg } from 'node:os';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import type { EventEnvelope } from '@platform/events';
import { Messaging, messagingMigrations, waitForBroker, type MessagingOptions } from '@platform/messaging';
import { createLogger, createMetrics } from '@platform/observability';
import { writeSection } from './lib/benchmarks-md';
import { runBenchScript, writeBenchResult } from './lib/script';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const BURST = env('BENCH_BURST', 50_000);
const TX_SIZE = env('BENCH_TX_SIZE', 100);
const WRITERS = env('BENCH_WRITERS', 8);
const RATE = env('BENCH_RATE', 500);
const STEADY_SECONDS = env('BENCH_STEADY_SECONDS', 20);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
const ENGAGEMENTS = env('BENCH_ENGAGEMENTS', 1000);
const RELAY_BATCH = env('BENCH_RELAY_BATCH', 1000);
const CHUNK = env('BENCH_CHUNK', 500);
const CONCURRENCY = env('BENCH_CONCURRENCY', 6);
const MODES = (process.env.BENCH_MODES ?? 'publishMany,publish')
  .split(',')
  .filter((mode): mode is WriteMode => mode === 'publish' || mode === 'publishMany');
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

type WriteMode = 'publish' | 'publishMany';

const timeLogged = (engagementId: string, minutes: number) => ({
  entryId: randomUUID(),
  engagementId,
  projectId: '1b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  memberId: '2b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
  date: '2026-03-02',
  minutes,
  billable: true,
  loggedAt: new Date().toISOString(),
});

/**
 * One transaction that logs each (engagement, minutes) entry through the outbox: one INSERT per
 * event (`publish`, what a mutation does) or one for all of them (`publishMany`, bulk writes).
 */
function logTime(
  side: Side,
  producer: Messaging,
  entries: Array<[string, number]>,
  mode: WriteMode = 'publish',
) {
  return side.dataSource.transaction(async (manager: EntityManager): Promise<EventEnvelope[]> => {
    if (mode === 'publishMany') {
      return producer.outbox.publishMany(
        manager,
        entries.map(([engagementId, minutes]) => ({
          type: 'TimeLogged',
          payload: timeLogged(engagementId, minutes),
        })),
      );
    }
    const events: EventEnvelope[] = [];
    for (const [engagementId, minutes] of entries) {
      events.push(await producer.outbox.publish(manager, 'TimeLogged', timeLogged(engagementId, minutes)));
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

async function throughput(run: Run, mode: WriteMode) {
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
      await logTime(run.producerSide, run.producer, entries, mode);
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
    mode,
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

async function main(): Promise<void> {
  await waitForBroker(KAFKA_BROKERS, 10_000);
  // Other work on the machine moves these figures a lot on two cores; the record says how busy it was.
  const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
  log(
    `event pipeline: burst ${BURST} events (tx ${TX_SIZE}, ${WRITERS} writers), steady ${RATE}/s for ${STEADY_SECONDS} s; ` +
      `${PARTITIONS} partitions, relay batch ${RELAY_BATCH}, consumer chunk ${CHUNK} x ${CONCURRENCY} partitions`,
  );
  const run = await setUp();
  try {
    // Warm-up: connections, the JIT, the consumer's first fetches.
    const warmUp = Array.from({ length: 20 }, () =>
      logTime(
        run.producerSide,
        run.producer,
        Array.from({ length: 100 }, (): [string, number] => [randomUUID(), 1]),
      ),
    );
    await Promise.all(warmUp);
    await waitUntilApplied(run, 2000, 60_000);

    // Steady latency first, on a pipeline not yet busy vacuuming after 100,000-event bursts.
    const steady = await latency(run);
    log(
      `(b) latency at ${steady.achievedRate}/s: p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms, max ${steady.maxMs} ms ` +
        `(${steady.events} events, commit → projection committed)`,
    );
    const bursts = [];
    for (const mode of MODES) {
      const burst = await throughput(run, mode);
      bursts.push(burst);
      log(
        `(a) sustained, ${mode}: ${burst.eventsPerSecond} events/s (${burst.events} events in ${burst.seconds} s, ` +
          `first commit → last applied; writes alone ${burst.writeEventsPerSecond} events/s, ` +
          `all relayed after ${burst.relayedSeconds} s)`,
      );
    }

    const result = {
      date: new Date().toISOString(),
      command: 'npx tsx tools/bench/event-pipeline.ts',
      machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
      config: {
        partitions: PARTITIONS,
        relayBatch: RELAY_BATCH,
        consumerChunk: CHUNK,
        concurrency: CONCURRENCY,
      },
      sustained: bursts,
      latency: steady,
      targets: TARGETS,
      met: {
        sustained: bursts.map((b) => ({ mode: b.mode, met: b.eventsPerSecond >= TARGETS.eventsPerSecond })),
        p99: steady.p99Ms < TARGETS.p99Ms,
      },
    };
    writeBenchResult('event-pipeline', result);
    await writeSection(process.cwd(), markdown(result));
    log('written .cache/bench/event-pipeline.json and the "Event pipeline" section of BENCHMARKS.md');
  } finally {
    await tearDown(run);
  }
}

/** What bounds the sustained figure; measured stage by stage when this benchmark was written. */
const LIMITS = [
  'What limits the sustained figure (stages measured alone on the 2-vCPU machine, 2026-11-21): every',
  'stage is CPU-bound and they share two cores with PostgreSQL, Kafka and whatever else runs. Each end',
  'costs one PostgreSQL round trip per event: `publish` is one INSERT (outbox writes alone: ~7,000',
  'events/s with 4 writers; `publishMany`, one INSERT per transaction: ~20,000/s), and each handler',
  'runs at least one statement (the consumer alone: ~5,500–7,000 events/s over 6 partitions). One',
  'round trip costs ~230 µs serially on this VM (4,300 upserts/s on one connection), and `writev` alone',
  'is 27–37% of the Node CPU profile. The relay (claim, send, mark sent in one transaction per 1,000',
  'rows) publishes ~10,000 events/s and is never the bottleneck.',
  '',
  'The figures fall by up to half when other work shares the two cores (hence the load average above).',
  'Runs at a load average under 2.5 gave 4,400–5,800 events/s with `publishMany`, 2,900–3,600 events/s',
  'with `publish`, and a p99 of 21–80 ms at 500 events/s.',
];

type Burst = Awaited<ReturnType<typeof throughput>>;

/** A table padded as Prettier formats it, so the file passes `prettier --check` as written. */
function markdownTable(header: string[], rows: string[][]): string[] {
  const width = (text: string) => [...text].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]))));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat(widths[i] - width(cell))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)];
}

function markdown(r: {
  date: string;
  command: string;
  machine: { cpus: number; node: string; loadAverageAtStart: number };
  config: { partitions: number; relayBatch: number; consumerChunk: number; concurrency: number };
  sustained: Burst[];
  latency: Awaited<ReturnType<typeof latency>>;
}): string {
  const ok = (met: boolean) => (met ? 'met' : 'NOT met');
  const thousands = (n: number) => n.toLocaleString('en-US');
  const burstRow = (b: Burst): string[] => [
    `sustained, ${thousands(b.events)} events in transactions of ${b.transactionSize} written with \`${b.mode}\` ` +
      `by ${b.writers} writers (first commit → last applied)`,
    `${thousands(b.eventsPerSecond)} events/s (writes alone ${thousands(b.writeEventsPerSecond)}/s)`,
    `≥ 5,000 events/s (${ok(b.eventsPerSecond >= TARGETS.eventsPerSecond)})`,
  ];
  const latencyRow = [
    `commit → projection committed at ${r.latency.achievedRate} events/s for ` +
      `${Math.round(r.latency.events / r.latency.targetRate)} s`,
    `p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms`,
    `p99 < 250 ms (${ok(r.latency.p99Ms < TARGETS.p99Ms)})`,
  ];
  return [
    '## Event pipeline',
    '',
    'Outbox → relay → Kafka → consumer → inbox-guarded projection on one machine: local single-node Kafka,',
    `PostgreSQL, producer and consumer in one Node process; ${r.machine.cpus} CPUs, Node ${r.machine.node},`,
    `1-minute load average ${r.machine.loadAverageAtStart} when the run started.`,
    `Measured ${r.date.slice(0, 10)} with \`${r.command}\`.`,
    '',
    ...markdownTable(['figure', 'result', 'target'], [...r.sustained.map(burstRow), latencyRow]),
    '',
    `Settings: ${r.config.partitions} partitions, relay batch ${r.config.relayBatch}, consumer chunk ` +
      `${r.config.consumerChunk} events per transaction, ${r.config.concurrency} partitions consumed concurrently. ` +
      'Raw figures: `.cache/bench/event-pipeline.json`.',
    '',
    ...LIMITS,
  ].join('\n');
}

runBenchScript(main);
