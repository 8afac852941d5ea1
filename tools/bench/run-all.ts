/**
 * The benchmark suite: `npm run bench` (after `npm run infra -- up`, which `npm start` does).
 *
 *  1. event pipeline   tools/bench/event-pipeline.ts, re-run here (writes its own section)
 *  2. report scaling   tools/bench/profitability-report.ts, re-run here
 *     accounting staleness at 500 and 1,000 entries/s, the event path alone, forecast on
 *                      tools/bench/accounting-staleness.ts, re-run here
 *     a member's 20 forecasts after one change to their bookings
 *                      tools/bench/member-forecast.ts, re-run here
 *  3. a stack of the four subgraphs and the gateway on fresh databases, seeded through the
 *     gateway with BENCH_ENGAGEMENTS signed engagements (libs/testing seedPortfolio)
 *  4. SQL statements per subgraph for the engagement page at 10, 50 and 200 engagements; RSS idle
 *  5. federation overhead L0 / L1 / L2 / L2' and the gateway tunings (tools/bench/federation.ts)
 *  6. engagement opening latency, logTime throughput and staleness (tools/bench/flows.ts)
 *
 * Prints the figures and rewrites BENCHMARKS.md and BENCHMARKS.json. Settings (environment):
 * BENCH_ENGAGEMENTS (1000), BENCH_CONNECTIONS (10), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (3),
 * BENCH_RUNS (3), BENCH_CONTRACTS (50), BENCH_LOGTIME_CONCURRENCY (16), BENCH_STALENESS_SECONDS
 * (20), BENCH_STALENESS_RATE (first rate tried; default 500, or 80 % of the logTime rate or of
 * accounting's apply rate when lower, then 30 % less until a run is steady),
 * BENCH_SKIP (any of events,report,staleness,forecast,federation,flows), BENCH_VARIANTS (federation variant keys).
 * `npm run bench -- --report-only` rewrites BENCHMARKS.md from BENCHMARKS.json without measuring.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { waitForBroker } from '@platform/messaging';
import {
  ENGAGEMENT_PAGE_QUERY,
  KAFKA_BROKERS,
  REPO_ROOT,
  seedPortfolio,
  startStack,
  statementsPerRequest,
  testDatabaseUrl,
  type Portfolio,
  type Stack,
} from '@platform/testing';
import { federationBenchmark } from './federation';
import {
  engagementOpening,
  logTimeThroughput,
  staleness,
  type StalenessResult,
  type WritePath,
} from './flows';
import { environment } from './lib/environment';
import { stackAccounting } from './lib/load';
import { stopAllServers } from './lib/servers';
import { serviceProcess, usage } from './lib/procfs';
import { SETTINGS, type BenchResults, type ScriptRun } from './lib/results';
import { writeReport } from './report';
import { BENCH_DIR, runBenchScript } from './lib/script';

const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const JWT_SECRET = 'bench-jwt-secret-not-for-production-0123456789';
const WORK_DIR = BENCH_DIR;

const started = Date.now();
const log = (line: string) =>
  process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

let script: ChildProcess | undefined;

/** Runs one of the existing benchmark scripts as its own process, its output passed through. */
function runScript(name: string, timeoutMs: number): Promise<ScriptRun> {
  const command = `npx tsx tools/bench/${name}.ts`;
  const t0 = Date.now();
  log(`${command}`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), `tools/bench/${name}.ts`],
      {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let tail = '';
    const pass = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n').filter(Boolean)) process.stdout.write(`  ${name} | ${line}\n`);
    };
    child.stdout.on('data', pass);
    child.stderr.on('data', pass);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - t0) / 1000);
      const file = join(WORK_DIR, `${name}.json`);
      // Only a file this run wrote counts.
      const fresh = code === 0 && existsSync(file) && statSync(file).mtimeMs >= t0;
      resolve({
        command,
        ok: code === 0,
        seconds,
        ...(code === 0
          ? {}
          : { error: `exited with ${signal ?? code}: ${tail.trim().split('\n').slice(-5).join(' / ')}` }),
        ...(fresh ? { result: JSON.parse(readFileSync(file, 'utf8')) as unknown } : {}),
      });
    });
  });
}

async function main(): Promise<void> {
  let stack: Stack | undefined;
  // Ctrl-C: stop what this run started (stack, servers, their databases) before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the processes this run started`);
      script?.kill('SIGTERM');
      void Promise.allSettled([stopAllServers(), stack?.stop()]).then(() => process.exit(130));
    });
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    seconds: 0,
    environment: await environment(testDatabaseUrl('postgres')),
    settings: SETTINGS,
    commands: {
      suite:
        'npm run bench   (= tsx tools/bench/run-all.ts; needs `npm run infra -- up`, as `npm start` does)',
      eventPipeline: 'npx tsx tools/bench/event-pipeline.ts',
      profitabilityReport: 'npx tsx tools/bench/profitability-report.ts',
      accountingStaleness: 'npx tsx tools/bench/accounting-staleness.ts',
      tracing:
        'npx tsx tools/bench/tracing.ts (BENCH_ENGAGEMENTS, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_SAMPLE_RATIO)',
      memberForecast: 'npx tsx tools/bench/member-forecast.ts',
      gateway:
        'NODE_ENV=production node --import tsx apps/gateway/src/main.ts (GATEWAY_WORKERS, SUBGRAPH_HTTP_CLIENT, SUBGRAPH_KEEP_ALIVE, QUERY_PLAN_CACHE_MIB, AUTH_TOKEN_CACHE_SIZE per variant)',
      hiveGateway: 'node --import tsx tools/bench/servers/hive-gateway.ts (HIVE_WORKERS)',
      l0: 'node --import tsx tools/bench/servers/fixed-json.ts',
      load: `autocannon (programmatic, own process: tools/bench/lib/autocannon-runner.ts) -c ${SETTINGS.connections} -d ${SETTINGS.seconds} POST, warm-up ${SETTINGS.warmupSeconds} s, ${SETTINGS.runs} runs round-robin`,
      profile: 'node --cpu-prof --import tsx apps/gateway/src/main.ts under the same load',
    },
    errors: [],
  };
  log(
    `${results.environment.machine.cpuModel}, ${results.environment.machine.cores} cores, ` +
      `${results.environment.machine.memoryGiB} GiB; load average ${results.environment.loadAverage.join(' ')}`,
  );
  await waitForBroker(KAFKA_BROKERS, 15_000);

  if (!SKIP.has('events')) results.eventPipeline = await runScript('event-pipeline', 6 * 60_000);
  if (!SKIP.has('report')) results.profitabilityReport = await runScript('profitability-report', 6 * 60_000);
  if (!SKIP.has('staleness'))
    results.accountingStaleness = await runScript('accounting-staleness', 4 * 60_000);
  if (!SKIP.has('forecast')) results.memberForecast = await runScript('member-forecast', 4 * 60_000);
  for (const run of [
    results.eventPipeline,
    results.profitabilityReport,
    results.accountingStaleness,
    results.memberForecast,
  ]) {
    if (run && !run.ok) results.errors.push(`${run.command}: ${run.error}`);
  }

  try {
    if (!SKIP.has('federation') || !SKIP.has('flows')) {
      log('starting the stack (4 subgraphs + gateway, fresh databases)');
      stack = await startStack({
        env: {
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          DATABASE_POOL_SIZE: '10',
          KAFKA_TOPIC_PARTITIONS: '6',
        },
        gatewayEnv: { NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET },
      });
      const portfolio = await seedPortfolio(stack, {
        engagements: SETTINGS.engagements,
        concurrency: SETTINGS.seedConcurrency,
        log: (line) => log(`seed: ${line}`),
      });
      results.portfolio = {
        engagements: portfolio.engagements.length,
        timeEntries: portfolio.timeEntries,
        seconds: portfolio.seconds,
      };
      await measureStack(stack, portfolio, results);
    }
  } catch (error) {
    results.errors.push((error as Error).stack ?? String(error));
    log(`FAILED: ${(error as Error).message}`);
  } finally {
    await stack?.stop();
  }

  results.seconds = Math.round((Date.now() - started) / 1000);
  const written = await writeReport(results, REPO_ROOT);
  for (const line of written.summary) log(line);
  log(`wrote ${written.files.join(' and ')} in ${results.seconds} s`);
  if (results.errors.length) {
    for (const e of results.errors) process.stderr.write(`error: ${e}\n`);
    process.exitCode = 1;
  }
}

async function measureStack(stack: Stack, portfolio: Portfolio, results: BenchResults): Promise<void> {
  const financeToken = portfolio.finance.token;

  // SQL statements per subgraph for one page, at each page size.
  const bySubgraph: Record<string, number[]> = {};
  for (const first of SETTINGS.statementSizes) {
    const counts = await statementsPerRequest(stack.metricsUrls, async () => {
      const body = await stack.query<{ engagements: { edges: unknown[] } }>(
        financeToken,
        ENGAGEMENT_PAGE_QUERY,
        {
          first,
        },
      );
      if (body.errors?.length || body.data?.engagements.edges.length !== first)
        throw new Error(`page of ${first}: ${JSON.stringify(body.errors ?? body.data).slice(0, 300)}`);
    });
    for (const [name, n] of Object.entries(counts)) bySubgraph[name] = [...(bySubgraph[name] ?? []), n];
  }
  results.statements = {
    sizes: SETTINGS.statementSizes,
    bySubgraph,
    constant: Object.values(bySubgraph).every((counts) => counts.every((n) => n === counts[0])),
  };
  log(`statements per page at ${SETTINGS.statementSizes.join('/')}: ${JSON.stringify(bySubgraph)}`);

  const rss = (pid: number | undefined) => usage([serviceProcess(pid ?? -1)]).rssBytes;
  const idleBytes = Object.fromEntries(stack.processes.map((p) => [p.name, rss(p.child.pid)]));

  if (!SKIP.has('federation')) {
    log('federation overhead: L0, L1, L2, L2′ and tunings');
    results.federation = await federationBenchmark({
      stack,
      finance: { sub: portfolio.finance.id, roles: ['FINANCE'], name: portfolio.finance.name },
      jwtSecret: JWT_SECRET,
      settings: {
        connections: SETTINGS.connections,
        seconds: SETTINGS.seconds,
        warmupSeconds: SETTINGS.warmupSeconds,
        runs: SETTINGS.runs,
        pageSize: SETTINGS.pageSize,
      },
      workDir: WORK_DIR,
      log,
    });
    const l2 = results.federation.variants.find((v) => v.key === 'L2');
    results.memory = {
      idleBytes,
      underLoadBytes: {
        ...results.federation.subgraphPeakRssBytes,
        ...(l2 ? { gateway: l2.peakRssBytes } : {}),
      },
    };
  } else {
    results.memory = { idleBytes, underLoadBytes: {} };
  }

  if (!SKIP.has('flows')) {
    // Each flow on its own: one failing (say the broker went away) leaves the others' figures.
    const phase = async (name: string, run: () => Promise<void>) => {
      try {
        await waitForBroker(KAFKA_BROKERS, 10_000);
        await run();
      } catch (error) {
        results.errors.push(`${name}: ${(error as Error).message}`);
        log(`${name} FAILED: ${(error as Error).message}`);
      }
    };
    await phase('engagement opening', async () => {
      log(`engagement opening: ${SETTINGS.contracts} contracts signed one at a time`);
      const opening = await engagementOpening(stack, portfolio, SETTINGS.contracts);
      results.opening = opening;
      log(`  p50 ${opening.latencyMs.p50} ms, p99 ${opening.latencyMs.p99} ms`);
      if (opening.notOpened)
        throw new Error(
          `${opening.notOpened} contracts opened no engagement within 60 s (then opened after: ` +
            `${opening.lateOpenings.map((s) => (s === null ? 'never in 180 s' : `${s} s`)).join(', ')}; ` +
            `${opening.pollErrors} polls answered with errors)`,
        );
    });
    await phase('logTime throughput', async () => {
      log(`logTime through the gateway, ${SETTINGS.logTimeConcurrency} writers`);
      const logTime = await logTimeThroughput(stack, portfolio, stackAccounting(stack), {
        concurrency: SETTINGS.logTimeConcurrency,
        seconds: SETTINGS.seconds,
        warmupSeconds: SETTINGS.warmupSeconds,
        runs: SETTINGS.runs,
      });
      results.logTime = logTime;
      const applied = logTime.accounting;
      log(
        `  ${logTime.medianPerSecond} mutations/s (p50 ${logTime.medianP50Ms} ms); accounting applied ` +
          `${applied.entries} entries at ${applied.appliedPerSecond}/s (${applied.drainSecondsAfterLoad} s after the load)`,
      );
    });
    await phase('staleness', async () => {
      // Steady means both the mutations and accounting's consumer keep up. A ladder starts at a
      // rate and steps down by 30 % until a run is steady.
      const ladder = async (via: WritePath, firstRate: number) => {
        let rate = firstRate;
        const attempts: StalenessResult[] = [];
        for (let attempt = 0; attempt < 4; attempt += 1) {
          log(`staleness at ${rate} entries/s for ${SETTINGS.stalenessSeconds} s, logTime via ${via}`);
          const run = await staleness(stack, portfolio, {
            rate,
            via,
            seconds: SETTINGS.stalenessSeconds,
            warmupSeconds: 2,
          });
          attempts.push(run);
          log(
            `  achieved ${run.achievedRate}/s, ${run.steady ? 'steady' : 'NOT steady'} (backlog ${run.lagAtEnd} at the end, ` +
              `applied ${run.drainSeconds} s later); p50 ${run.fromResponseMs.p50} ms, p99 ${run.fromResponseMs.p99} ms over ${run.probes} probes`,
          );
          if (run.steady || rate <= 10) break;
          // The suite must finish within 15 minutes even on a busy machine.
          if ((Date.now() - started) / 1000 + SETTINGS.stalenessSeconds + 20 > 14 * 60) {
            log('  no time left for a lower rate');
            break;
          }
          rate = Math.floor(rate * 0.7);
        }
        const steadyIndex = attempts.findIndex((a) => a.steady);
        return { attempts, chosen: steadyIndex === -1 ? attempts.length - 1 : steadyIndex };
      };
      // The issue's rate, written straight to project-delivery (the gateway alone would take
      // more of the two cores than 500 mutations/s leave).
      results.stalenessDirect = await ladder(
        'project-delivery',
        Number(process.env.BENCH_STALENESS_RATE) || SETTINGS.stalenessTargetRate,
      );
      // Through the gateway, from 80 % of the lower of the logTime rate and accounting's apply rate.
      const logTime = results.logTime;
      results.staleness = await ladder(
        'gateway',
        Math.min(
          SETTINGS.stalenessTargetRate,
          logTime
            ? Math.floor(
                Math.min(logTime.medianPerSecond, logTime.accounting.appliedPerSecond || Infinity) * 0.8,
              )
            : 100,
        ),
      );
    });
  }
  log(
    `load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

/** `--report-only`: BENCHMARKS.md again from BENCHMARKS.json (no measuring). */
async function reportOnly(): Promise<void> {
  const results = JSON.parse(readFileSync(join(REPO_ROOT, 'BENCHMARKS.json'), 'utf8')) as BenchResults;
  const written = await writeReport(results, REPO_ROOT);
  log(`wrote ${written.files.join(' and ')} from BENCHMARKS.json`);
}

runBenchScript(process.argv.includes('--report-only') ? reportOnly : main);
