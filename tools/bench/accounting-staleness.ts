/**
 * Staleness of accounting's financials at a steady rate of time entries, the event path alone:
 *
 *   npx tsx tools/bench/accounting-staleness.ts            (BENCH_RATES=500,1000 BENCH_SECONDS=20)
 *
 * A writer commits one transaction per time entry that writes its TimeLogged event into a
 * transactional outbox — what `logTime`'s transaction ends with — at a fixed rate. The real
 * outbox relay (libs/messaging, as project-delivery runs it) publishes to the real broker, and
 * the real accounting service (in this process, its own database) consumes, costs and rolls the
 * entries up. One entry in five is a probe on one of 50 engagements; accounting's
 * `financials.loggedHours` is polled every 10 ms until it includes it. Measured: outbox commit →
 * financials reflecting the entry.
 *
 * What it leaves out: the GraphQL mutation in front of the commit (checks, locks, HTTP), which
 * on this 2-core machine costs more CPU than everything downstream of it; the full-stack figure,
 * mutation included, is the staleness section of `npm run bench` (tools/bench/flows.ts).
 * Printed, and written to .cache/bench/accounting-staleness.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import { createEvent, type EventEnvelope } from '@platform/events';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import { Messaging, messagingMigrations } from '@platform/messaging';
import { createLogger, createMetrics } from '@platform/observability';
import {
  KAFKA_BROKERS,
  REPO_ROOT,
  TEST_SIGNING_SECRET,
  eventually,
  identity,
  startTestService,
  testDatabaseUrl,
  uniqueId,
} from '@platform/testing';
// Apps have no package alias; a benchmark tool drives the accounting app itself.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { accountingService } from '../../apps/accounting/src/service';
import { distribution, type Distribution } from './lib/load';

const RATES = (process.env.BENCH_RATES ?? '500,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const ENGAGEMENTS = 500;
const PROBE_ENGAGEMENTS = 50;
const MEMBERS = 40;
const POLL_MS = 10;

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface AccountingStalenessRun {
  targetRate: number;
  achievedRate: number;
  seconds: number;
  entries: number;
  probes: number;
  /** Outbox commit → financials include the entry (ms). */
  stalenessMs: Distribution;
  /** First and second half of the probes: a backlog building up shows as a slower second half. */
  firstHalfP50Ms: number;
  secondHalfP50Ms: number;
  /** Entries not yet applied when the load stopped, and seconds until they were. */
  backlogAtEnd: number;
  drainSeconds: number;
  steady: boolean;
  /** Commits the writer could not start on time because the previous ones were still open. */
  skipped: number;
  loadAverage1m: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const finance = identity('00000000-0000-4000-8000-00000000f1f1', ['FINANCE'], 'Bench Finance');
  const accounting = await startTestService(accountingService, {
    env: { KAFKA_TOPIC_PARTITIONS: '6', DATABASE_POOL_SIZE: '10', LOG_LEVEL: 'warn' },
  });
  const writerUrl = testDatabaseUrl(uniqueId('bench_outbox'));
  await ensureDatabaseExists(writerUrl);
  const { dataSource: writerDb } = createDataSource({
    url: writerUrl,
    entities: [],
    migrations: messagingMigrations,
    poolSize: 20,
  });
  await writerDb.initialize();
  await writerDb.runMigrations();
  // The relay project-delivery runs, on the writer's outbox: topics are chosen per event type.
  const messaging = new Messaging({
    service: 'project-delivery',
    brokers: KAFKA_BROKERS,
    topicPrefix: accounting.topicPrefix,
    partitions: 6,
    dataSource: writerDb,
    databaseUrl: writerUrl,
    metrics: createMetrics('bench-writer', false),
    logger: createLogger('bench-writer', 'warn'),
    handlers: {},
  });
  await messaging.start();
  const outbox = messaging.outbox;

  try {
    // Engagements, members and their rates, as the other services would have announced them.
    const engagements = Array.from({ length: ENGAGEMENTS }, () => randomUUID());
    const members = Array.from({ length: MEMBERS }, () => randomUUID());
    const clientId = randomUUID();
    const opened: EventEnvelope[] = engagements.map((engagementId, i) =>
      createEvent(
        'EngagementOpened',
        {
          engagementId,
          contractId: randomUUID(),
          clientId,
          clientName: 'Bench client',
          name: `Bench engagement ${i + 1}`,
          pricingModel: (['TIME_AND_MATERIALS', 'FIXED_FEE', 'RETAINER'] as const)[i % 3],
          contractValue: { amountMinor: '10000000', currency: 'USD' },
          startDate: '2026-01-01',
          endDate: '2027-12-31',
          budgetMinutes: 600_000,
          estimatedMinutes: 500_000,
          accountManagerId: null,
          deliveryOwnerId: null,
          contractSignedAt: '2025-12-20T10:00:00.000Z',
          openedAt: '2025-12-20T10:00:01.000Z',
        },
        { source: 'engagement' },
      ),
    );
    await writerDb.transaction((m) =>
      outbox.publishMany(
        m,
        opened.map((e) => ({ type: e.type, payload: e.payload }) as never),
      ),
    );
    for (const memberId of members) {
      const res = await accounting.query(
        `mutation ($input: SetMemberRateInput!) { setMemberRate(input: $input) { id } }`,
        {
          input: {
            memberId,
            costRate: { amount: '61.00', currency: 'USD' },
            billRate: { amount: '125.00', currency: 'USD' },
            effectiveFrom: '2025-01-01',
          },
        },
        finance,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    const ledgers = await eventually(async () => {
      const [row] = (await accounting.dataSource.query(
        `SELECT count(*)::int AS n FROM engagement_ledgers`,
      )) as Array<{ n: number }>;
      return row.n === ENGAGEMENTS && row.n;
    }, 60_000);
    log(`${ledgers} ledgers open, ${MEMBERS} member rates set (${round((Date.now() - started) / 1000)} s)`);

    const loggedMinutes = async (ids: string[]): Promise<Map<string, number>> => {
      const response = await fetch(accounting.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Signed per request: the identity header carries a timestamp.
          [IDENTITY_HEADER]: signIdentity(finance, TEST_SIGNING_SECRET),
        },
        body: JSON.stringify({
          query:
            'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Engagement { financials { loggedHours } } } }',
          variables: { r: ids.map((id) => ({ __typename: 'Engagement', id })) },
        }),
      });
      const body = (await response.json()) as {
        data?: { _entities: Array<{ financials: { loggedHours: number } | null } | null> };
        errors?: unknown[];
      };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors).slice(0, 300));
      return new Map(
        ids.map((id, i) => [id, Math.round((body.data?._entities[i]?.financials?.loggedHours ?? 0) * 60)]),
      );
    };
    const totalMinutes = async () =>
      [...(await loggedMinutes(engagements)).values()].reduce((a, b) => a + b, 0);

    const runs: AccountingStalenessRun[] = [];
    let sequence = 0;
    for (const rate of RATES) {
      log(`rate ${rate} entries/s for ${SECONDS} s (+${WARMUP_SECONDS} s warm-up)`);
      const run = await measure(rate);
      runs.push(run);
      log(
        `  achieved ${run.achievedRate}/s, ${run.steady ? 'steady' : 'NOT steady'}; p50 ${run.stalenessMs.p50} ms, ` +
          `p99 ${run.stalenessMs.p99} ms over ${run.probes} probes; backlog ${run.backlogAtEnd} at the end, ` +
          `applied ${run.drainSeconds} s later (load ${run.loadAverage1m})`,
      );
    }

    async function measure(rate: number): Promise<AccountingStalenessRun> {
      const probes = engagements.slice(0, PROBE_ENGAGEMENTS);
      const background = engagements.slice(PROBE_ENGAGEMENTS);
      const expected = await loggedMinutes(probes);
      const base = await totalMinutes();
      const pending = new Map<string, { minutes: number; committed: number }>();
      const samples: number[] = [];
      let committedTotal = 0;
      let inFlight = 0;
      let skipped = 0;
      let measuring = false;
      let entries = 0;

      const commit = async (engagementId: string, probe: boolean) => {
        inFlight += 1;
        try {
          const n = sequence++;
          await writerDb.transaction((m) =>
            outbox.publish(m, 'TimeLogged', {
              entryId: randomUUID(),
              engagementId,
              projectId: engagementId,
              memberId: members[n % MEMBERS],
              date: `2026-${String((n % 10) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
              minutes: 1,
              billable: true,
              loggedAt: new Date().toISOString(),
            }),
          );
          committedTotal += 1;
          if (measuring) entries += 1;
          if (probe) {
            const p = pending.get(engagementId);
            if (p) p.committed = performance.now();
          }
        } finally {
          inFlight -= 1;
        }
      };

      let polling = true;
      const poller = (async () => {
        while (polling) {
          const ready = [...pending].filter(([, p]) => p.committed > 0).map(([id]) => id);
          if (ready.length) {
            const minutes = await loggedMinutes(ready);
            const now = performance.now();
            for (const id of ready) {
              const p = pending.get(id)!;
              if ((minutes.get(id) ?? 0) >= p.minutes) {
                if (measuring) samples.push(now - p.committed);
                expected.set(id, p.minutes);
                pending.delete(id);
              }
            }
          }
          await sleep(POLL_MS);
        }
      })();

      const interval = 1000 / rate;
      const begin = performance.now();
      let measureStart = begin;
      let slot = 0;
      let probeTurn = 0;
      while (performance.now() - begin < (WARMUP_SECONDS + SECONDS) * 1000) {
        if (!measuring && performance.now() - begin >= WARMUP_SECONDS * 1000) {
          measuring = true;
          measureStart = performance.now();
        }
        const wait = begin + slot * interval - performance.now();
        if (wait > 0) await sleep(wait);
        slot += 1;
        if (inFlight >= 64) {
          if (measuring) skipped += 1;
          continue;
        }
        let probe: string | undefined;
        if (slot % 5 === 0) {
          for (let k = 0; k < probes.length && !probe; k += 1) {
            const candidate = probes[(probeTurn + k) % probes.length];
            if (!pending.has(candidate)) probe = candidate;
          }
          probeTurn += 1;
        }
        if (probe) {
          pending.set(probe, { minutes: (expected.get(probe) ?? 0) + 1, committed: 0 });
          void commit(probe, true);
        } else {
          void commit(background[slot % background.length], false);
        }
      }
      const elapsed = (performance.now() - measureStart) / 1000;
      const loopEnded = performance.now();
      while (inFlight > 0) await sleep(5);
      let applied = (await totalMinutes()) - base;
      const backlogAtEnd = committedTotal - applied;
      while (applied < committedTotal && performance.now() - loopEnded < 120_000) {
        await sleep(100);
        applied = (await totalMinutes()) - base;
      }
      const drainSeconds = round((performance.now() - loopEnded) / 1000);
      while (pending.size > 0 && performance.now() - loopEnded < 125_000) await sleep(20);
      polling = false;
      await poller;
      const half = Math.floor(samples.length / 2);
      const firstHalfP50Ms = distribution(samples.slice(0, half)).p50;
      const secondHalfP50Ms = distribution(samples.slice(half)).p50;
      return {
        targetRate: rate,
        achievedRate: round(entries / elapsed),
        seconds: round(elapsed),
        entries,
        probes: samples.length,
        stalenessMs: distribution(samples),
        firstHalfP50Ms,
        secondHalfP50Ms,
        backlogAtEnd,
        drainSeconds,
        steady: drainSeconds <= 3 && secondHalfP50Ms <= Math.max(2 * firstHalfP50Ms, firstHalfP50Ms + 250),
        skipped,
        loadAverage1m: round(loadavg()[0], 2),
      };
    }

    const output = {
      date: new Date().toISOString(),
      command: 'npx tsx tools/bench/accounting-staleness.ts',
      machine: { cpus: cpus().length, node: process.version },
      engagements: ENGAGEMENTS,
      members: MEMBERS,
      pollIntervalMs: POLL_MS,
      runs,
      totalSeconds: round((Date.now() - started) / 1000),
    };
    const dir = join(REPO_ROOT, '.cache', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'accounting-staleness.json'), `${JSON.stringify(output, null, 2)}\n`);
    log(`written to .cache/bench/accounting-staleness.json (${output.totalSeconds} s in all)`);
  } finally {
    await messaging.stop();
    await writerDb.destroy();
    await dropDatabaseIfExists(writerUrl);
    await accounting.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
