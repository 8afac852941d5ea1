/**
 * Staleness of accounting's financials at a steady rate of time entries, the event path alone,
 * with the forecast on (issue 15):
 *
 *   npx tsx tools/bench/accounting-staleness.ts            (BENCH_RATES=500,1000 BENCH_SECONDS=20)
 *   BENCH_FORECAST=off npx tsx tools/bench/accounting-staleness.ts   (the same without bookings, to compare)
 *
 * Before the load, every engagement gets what accounting forecasts from (ARCHITECTURE.md,
 * "Foresight"): start and end dates around today and a budget (EngagementOpened), two CONFIRMED
 * allocations of staggered ranges (AllocationPlanned; each of the 40 members is booked on 25
 * engagements), a week of time off and a half-day stretch per member (TimeOffRecorded), and
 * member rates with a raise later this year (setMemberRate), some budgets and contract values
 * small enough that FORECAST_OVER_BUDGET or FORECAST_MARGIN_BELOW_THRESHOLD holds. So every
 * chunk of entries re-evaluates non-trivial forecasts and risk reasons of the engagements it
 * moved (and publishes ForecastChanged as their forecast margin moves).
 *
 * A writer commits one transaction per time entry that writes its TimeLogged event into a
 * transactional outbox — what `logTime`'s transaction ends with — at a fixed rate. The real
 * outbox relay (libs/messaging, as project-delivery runs it) publishes to the real broker, and
 * the real accounting service (in this process, its own database) consumes, costs and rolls the
 * entries up. One entry in five is a probe on one of 50 engagements; accounting's financials
 * (logged hours, forecast, risk reasons) are polled every 10 ms until `loggedHours` includes it
 * AND `forecast.eacHours` (logged + ETC) includes its minute. Measured: outbox commit →
 * financials and forecast reflecting the entry.
 *
 * What it leaves out: the GraphQL mutation in front of the commit (checks, locks, HTTP), which
 * on this 2-core machine costs more CPU than everything downstream of it; the full-stack figure,
 * mutation included, is the staleness section of `npm run bench` (tools/bench/flows.ts).
 * Printed, and written to .cache/bench/accounting-staleness.json.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { createEvent, type EventEnvelope, type EventPayload } from '@platform/events';
import { eventually } from '@platform/testing';
import { setBenchRates, startAccountingBench } from './lib/accounting-bench';
import { addDays, readForecasts, utcDay } from './lib/foresight';
import { distribution, type Distribution } from './lib/load';
import { runBenchScript, writeBenchResult } from './lib/script';

const RATES = (process.env.BENCH_RATES ?? '500,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const ENGAGEMENTS = 500;
const PROBE_ENGAGEMENTS = 50;
const MEMBERS = 40;
/** CONFIRMED allocations per engagement (so 25 engagements per member). */
const ALLOCATIONS_PER_ENGAGEMENT = 2;
/** BENCH_FORECAST=off: no bookings or time off (the forecast is empty), to compare. */
const FORECAST = process.env.BENCH_FORECAST !== 'off';
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface AccountingStalenessRun {
  targetRate: number;
  achievedRate: number;
  seconds: number;
  entries: number;
  probes: number;
  /** Outbox commit → financials and their forecast include the entry (ms). */
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
  /**
   * CPU of this process (writer, relay, the accounting service and the reads the probes make)
   * per entry committed, from the start of the load until accounting applied it all: less
   * sensitive to other work on the machine than the latencies.
   */
  processCpuMsPerEntry: number;
  loadAverage1m: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { finance, accounting, writerDb, outbox, stopWriter } = await startAccountingBench(20);

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
          // One in five sold too cheaply for its bookings (FORECAST_MARGIN_BELOW_THRESHOLD on
          // fixed fee and retainer), one in four with a budget its bookings overrun
          // (FORECAST_OVER_BUDGET): the forecast's risk reasons hold on some, not on others.
          contractValue: { amountMinor: i % 5 === 1 ? '800000' : '10000000', currency: 'USD' },
          startDate: utcDay(-300),
          endDate: utcDay(400),
          budgetMinutes: i % 4 === 0 ? 6_000 : 600_000,
          estimatedMinutes: i % 4 === 0 ? 5_000 : 500_000,
          accountManagerId: null,
          deliveryOwnerId: null,
          contractSignedAt: '2025-12-20T10:00:00.000Z',
          openedAt: '2025-12-20T10:00:01.000Z',
        },
        { source: 'engagement' },
      ),
    );
    // Members as project-delivery announces them (accounting sets rates only for members it knows).
    await writerDb.transaction(async (m) => {
      await outbox.publishMany(
        m,
        opened.map((e) => ({ type: e.type, payload: e.payload }) as never),
      );
      await outbox.publishMany(
        m,
        members.map((memberId, i) => ({
          type: 'TeamMemberUpserted' as const,
          payload: {
            memberId,
            name: `Bench member ${i + 1}`,
            email: `bench-member-${i + 1}@example.com`,
            title: null,
            roles: ['MEMBER' as const],
            weeklyCapacityMinutes: 2_400,
            active: true,
            primaryRole: null,
            updatedAt: new Date().toISOString(),
          },
        })),
      );
    });
    await eventually(async () => {
      const [row] = (await accounting.dataSource.query(
        `SELECT count(*)::int AS n FROM member_labels WHERE member_id = ANY($1::uuid[])`,
        [members],
      )) as Array<{ n: number }>;
      return row.n === MEMBERS;
    }, 60_000);
    // Each member's rate now, and a raise from 120 days on (the forecast prices booked hours at
    // the rate in force each day, so the raise cuts every member's bookings in two).
    await setBenchRates(accounting, finance, members, utcDay(120));
    // Bookings, as project-delivery announces them: each engagement's members CONFIRMED on it
    // over staggered ranges (made one after another: time off is taken in that order), and each
    // member's time off — a full week and a stretch of half days — across their 25 bookings.
    const madeAt = Date.now() - 3_600_000;
    const allocations: Array<EventPayload<'AllocationPlanned'>> = engagements.flatMap((engagementId, i) =>
      Array.from({ length: FORECAST ? ALLOCATIONS_PER_ENGAGEMENT : 0 }, (_, k) => {
        const n = i * ALLOCATIONS_PER_ENGAGEMENT + k;
        const at = new Date(madeAt + n * 1000).toISOString();
        return {
          allocationId: randomUUID(),
          memberId: members[n % MEMBERS],
          projectId: engagementId,
          engagementId,
          minutesPerWeek: 60 + (n % 4) * 30,
          from: utcDay(-90 + (n % 13) * 7),
          to: utcDay(150 + (n % 17) * 11),
          role: null,
          status: 'CONFIRMED' as const,
          createdAt: at,
          changedAt: at,
        };
      }),
    );
    const timeOff: Array<EventPayload<'TimeOffRecorded'>> = members.flatMap((memberId, m) =>
      FORECAST
        ? [
            {
              timeOffId: randomUUID(),
              memberId,
              from: utcDay(30 + (m % 8) * 7),
              to: utcDay(34 + (m % 8) * 7),
              minutesPerDay: 480,
              recordedAt: new Date(madeAt).toISOString(),
            },
            {
              timeOffId: randomUUID(),
              memberId,
              from: utcDay(90 + (m % 5) * 3),
              to: utcDay(110 + (m % 5) * 3),
              minutesPerDay: 240,
              recordedAt: new Date(madeAt).toISOString(),
            },
          ]
        : [],
    );
    await writerDb.transaction(async (m) => {
      await outbox.publishMany(
        m,
        allocations.map((payload) => ({ type: 'AllocationPlanned' as const, payload })),
      );
      await outbox.publishMany(
        m,
        timeOff.map((payload) => ({ type: 'TimeOffRecorded' as const, payload })),
      );
    });
    const ledgers = await eventually(async () => {
      const [row] = (await accounting.dataSource.query(
        `SELECT (SELECT count(*) FROM engagement_ledgers)::int AS ledgers,
                (SELECT count(*) FROM forecast_allocations)::int AS allocations,
                (SELECT count(*) FROM forecast_time_off)::int AS time_off`,
      )) as Array<{ ledgers: number; allocations: number; time_off: number }>;
      return (
        row.ledgers === ENGAGEMENTS &&
        row.allocations === allocations.length &&
        row.time_off === timeOff.length &&
        row.ledgers
      );
      // Each booking re-evaluates the forecasts of every engagement of its member: on a busy
      // machine the setup takes minutes.
    }, 300_000);

    const financials = (ids: string[]) => readForecasts(accounting.url, finance, ids);
    const loggedMinutes = async (ids: string[]): Promise<Map<string, number>> =>
      new Map([...(await financials(ids))].map(([id, f]) => [id, f.loggedMinutes]));
    const totalMinutes = async () =>
      [...(await loggedMinutes(engagements)).values()].reduce((a, b) => a + b, 0);
    const before = [...(await financials(engagements)).values()];
    const reasons = new Map<string, number>();
    for (const f of before) for (const r of f.riskReasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    log(
      `${ledgers} ledgers open with ${allocations.length} confirmed allocations, ${timeOff.length} time off and ` +
        `${MEMBERS * 2} member rates; ETC ${round(before.reduce((n, f) => n + f.remainingFifths, 0) / 300 / ENGAGEMENTS)} h ` +
        `per engagement; risk reasons ${JSON.stringify(Object.fromEntries(reasons))} (${round((Date.now() - started) / 1000)} s)`,
    );

    const runs: AccountingStalenessRun[] = [];
    let sequence = 0;
    for (const rate of RATES) {
      log(`rate ${rate} entries/s for ${SECONDS} s (+${WARMUP_SECONDS} s warm-up)`);
      const run = await measure(rate);
      runs.push(run);
      log(
        `  achieved ${run.achievedRate}/s, ${run.steady ? 'steady' : 'NOT steady'}; p50 ${run.stalenessMs.p50} ms, ` +
          `p99 ${run.stalenessMs.p99} ms over ${run.probes} probes; backlog ${run.backlogAtEnd} at the end, ` +
          `applied ${run.drainSeconds} s later; ${run.processCpuMsPerEntry} CPU-ms per entry in this process ` +
          `(load ${run.loadAverage1m})`,
      );
    }

    async function measure(rate: number): Promise<AccountingStalenessRun> {
      const today = utcDay();
      const probes = engagements.slice(0, PROBE_ENGAGEMENTS);
      const background = engagements.slice(PROBE_ENGAGEMENTS);
      // Logged minutes and EAC of each probe engagement as they stand: a probe's entry is in when
      // both moved by its minute (EAC = logged + ETC; ETC moves with the calendar only).
      const standing = await financials(probes);
      const expected = new Map([...standing].map(([id, f]) => [id, f.loggedMinutes]));
      const etcFifths = new Map([...standing].map(([id, f]) => [id, f.eacFifths - f.loggedMinutes * 5]));
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
              date: addDays(today, -(n % 280)),
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
            const figures = await financials(ready);
            const now = performance.now();
            for (const id of ready) {
              const p = pending.get(id)!;
              const f = figures.get(id);
              if (
                f &&
                f.loggedMinutes >= p.minutes &&
                f.eacFifths >= (etcFifths.get(id) ?? 0) + p.minutes * 5
              ) {
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
      const cpuAtStart = process.cpuUsage();
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
      const cpu = process.cpuUsage(cpuAtStart);
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
        processCpuMsPerEntry: round((cpu.user + cpu.system) / 1000 / Math.max(1, committedTotal), 2),
        loadAverage1m: round(loadavg()[0], 2),
      };
    }

    const output = {
      date: new Date().toISOString(),
      command: 'npx tsx tools/bench/accounting-staleness.ts',
      machine: { cpus: cpus().length, node: process.version },
      engagements: ENGAGEMENTS,
      members: MEMBERS,
      forecast: {
        on: FORECAST,
        allocationsPerEngagement: ALLOCATIONS_PER_ENGAGEMENT,
        timeOffPerMember: 2,
        ratesPerMember: 2,
      },
      pollIntervalMs: POLL_MS,
      runs,
      totalSeconds: round((Date.now() - started) / 1000),
    };
    log(`written to ${writeBenchResult('accounting-staleness', output)} (${output.totalSeconds} s in all)`);
  } finally {
    await stopWriter();
    await accounting.close();
  }
}

runBenchScript(main);
