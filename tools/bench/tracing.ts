/**
 * What OpenTelemetry tracing costs a request through the gateway: two identical stacks (gateway
 * and four subgraph processes each, fresh databases, the same seeded portfolio), one with tracing
 * off (no OTEL_* variable: the SDK is not even loaded) and one with tracing on at 10 % sampling
 * (OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.1) exporting over
 * OTLP/HTTP to a sink this script runs. The same request mix goes through each gateway in
 * rounds that alternate A B B A A B … (each variant first as often as second), so that drift of
 * the machine over the run (other work starting or stopping, caches warming, data growing) falls
 * on both alike; only the two stacks' idle background work (consumers, relays) overlaps a round.
 *
 *   npx tsx tools/bench/tracing.ts        (PostgreSQL and Kafka up, e.g. `npm run infra -- up`)
 *
 * Knobs (environment): BENCH_ENGAGEMENTS (20) engagements seeded in each stack; BENCH_CONNECTIONS
 * (8) requests in flight; BENCH_ROUNDS (8) rounds per variant; BENCH_SECONDS (10) per round;
 * BENCH_WARMUP_SECONDS (10) per stack before the first round; BENCH_SAMPLE_RATIO (0.1).
 *
 * Why the earlier figures were not kept: they measured one subgraph (sales) alone, not a request
 * through the gateway and four subgraphs; each variant ran in its own fresh process one after the
 * other (off, then 10 %, then 100 %), so whatever the shared machine did meanwhile landed on one
 * variant only; and they compared medians of three runs with no spread. Here both variants run
 * at the same time, in alternating rounds, and every request's latency is kept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import {
  ENGAGEMENT_PAGE_QUERY,
  seedPortfolio,
  startStack,
  type Portfolio,
  type Stack,
} from '@platform/testing';
import { writeSection } from './lib/benchmarks-md';
import { percentile } from './lib/load';
import { runBenchScript } from './lib/script';

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
const ENGAGEMENTS = int('BENCH_ENGAGEMENTS', 20);
const CONNECTIONS = int('BENCH_CONNECTIONS', 8);
const ROUNDS = int('BENCH_ROUNDS', 8);
const SECONDS = int('BENCH_SECONDS', 10);
const WARMUP_SECONDS = int('BENCH_WARMUP_SECONDS', 10);
const SAMPLE_RATIO = process.env.BENCH_SAMPLE_RATIO ?? '0.1';

/** One operation of the mix: who sends it, the document and its variables. */
interface Operation {
  name: string;
  token: string;
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * The mix, sent in turn by every connection: the engagement page front-end teams build most
 * (four subgraphs, FINANCE), a member's own page (project-delivery) and the client list (sales).
 */
function requestMix(portfolio: Portfolio): Operation[] {
  const member = portfolio.engineers[0];
  return [
    {
      name: 'engagement page',
      token: portfolio.finance.token,
      query: ENGAGEMENT_PAGE_QUERY,
      variables: { first: 10 },
    },
    {
      name: 'member capacity',
      token: member.token,
      query: `query Me($id: ID!) { teamMember(id: $id) { name capacity(from: "2026-03-02", to: "2026-03-27") { capacityHours allocatedHours availableHours } } }`,
      variables: { id: member.id },
    },
    { name: 'clients', token: portfolio.adminToken, query: 'query Clients { clients { id name } }' },
  ];
}

interface Variant {
  label: string;
  stack: Stack;
  mix: Operation[];
  /** Latency of every request of the measured rounds (ms), and the time they took. */
  latencies: number[];
  seconds: number;
  perRound: Array<{ requestsPerSecond: number; p50: number; p95: number }>;
}

/**
 * Closed-loop load: CONNECTIONS workers each send the next operation of the mix as soon as the
 * previous answer came, for `seconds`. A response that is not HTTP 200 without GraphQL errors
 * stops the benchmark (a figure over failing requests would mean nothing).
 */
async function load(variant: Variant, seconds: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const op = variant.mix[next++ % variant.mix.length];
      const sent = performance.now();
      const response = await fetch(variant.stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${op.token}` },
        body: JSON.stringify({ query: op.query, variables: op.variables }),
      });
      const text = await response.text();
      latencies.push(performance.now() - sent);
      if (response.status !== 200 || text.includes('"errors"')) {
        throw new Error(`${variant.label}, ${op.name}: HTTP ${response.status} ${text.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** An OTLP/HTTP endpoint that only counts what it receives (whatever the encoding). */
async function startSink(): Promise<{
  url: string;
  requests: () => number;
  bytes: () => number;
  server: Server;
}> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests += 1;
      const json = String(req.headers['content-type']).includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    bytes: () => bytes,
    server,
  };
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const signed = (n: number, digits = 1) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

async function main(): Promise<void> {
  // Variant A must see no OTEL_* variable at all, whatever the shell exports.
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];
  const sink = await startSink();
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: SAMPLE_RATIO,
  };
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const stacks: Stack[] = [];
  const loadAtStart = loadavg()
    .map((n) => fixed(n, 2))
    .join(' / ');
  try {
    log('starting the two stacks (tracing off, tracing on)…');
    // One after the other: ten processes migrating at once on a small machine time out.
    const off = await startStack();
    stacks.push(off);
    const on = await startStack({ env: otel, gatewayEnv: otel });
    stacks.push(on);
    const variants: Variant[] = [];
    for (const [label, stack] of [
      ['tracing off', off],
      [`tracing on, ${Number(SAMPLE_RATIO) * 100} % sampled`, on],
    ] as const) {
      log(`${label}: seeding ${ENGAGEMENTS} engagements…`);
      const portfolio = await seedPortfolio(stack, { engagements: ENGAGEMENTS, concurrency: 4 });
      variants.push({ label, stack, mix: requestMix(portfolio), latencies: [], seconds: 0, perRound: [] });
    }
    for (const variant of variants) {
      log(`${variant.label}: warm-up ${WARMUP_SECONDS} s`);
      await load(variant, WARMUP_SECONDS);
    }
    const exportedBefore = { requests: sink.requests(), bytes: sink.bytes() };
    for (let round = 0; round < ROUNDS; round += 1) {
      // A B, B A, A B, …: each variant runs first in half of the rounds.
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const run = await load(variant, SECONDS);
        variant.latencies.push(...run.latencies);
        variant.seconds += run.seconds;
        const result = {
          requestsPerSecond: run.latencies.length / run.seconds,
          p50: percentile(run.latencies, 50),
          p95: percentile(run.latencies, 95),
        };
        variant.perRound.push(result);
        log(
          `round ${round + 1}/${ROUNDS} ${variant.label.padEnd(24)} ${fixed(result.requestsPerSecond).padStart(7)} req/s` +
            `  p50 ${fixed(result.p50, 2)} ms  p95 ${fixed(result.p95, 2)} ms  (load average ${fixed(loadavg()[0], 2)})`,
        );
      }
    }
    // The batch span processor exports every 5 s; the last spans of the rounds arrive after it.
    await new Promise((resolve) => setTimeout(resolve, 6_000));

    const summary = variants.map((v) => ({
      label: v.label,
      requests: v.latencies.length,
      requestsPerSecond: v.latencies.length / v.seconds,
      p50: percentile(v.latencies, 50),
      p95: percentile(v.latencies, 95),
    }));
    const [a, b] = summary;
    const change = (x: number, y: number, digits: number) =>
      `${signed(y - x, digits)} (${signed(((y - x) / x) * 100)} %)`;
    const section = [
      '## Tracing overhead',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx tsx tools/bench/tracing.ts\`; load average ${loadAtStart} at the start, ${loadavg()
        .map((n) => fixed(n, 2))
        .join(' / ')} at the end (the machine is shared: compare the spread of the rounds).`,
      '',
      'The same request mix through two identical stacks (gateway + four subgraphs, the same seeded',
      'portfolio), one with no `OTEL_*` variable and one exporting to a local OTLP/HTTP sink with',
      `\`OTEL_TRACES_SAMPLER=parentbased_traceidratio\`, \`OTEL_TRACES_SAMPLER_ARG=${SAMPLE_RATIO}\`; rounds alternate`,
      `A B, B A, … (${ROUNDS} of ${SECONDS} s per variant), ${CONNECTIONS} requests in flight, mix:`,
      `${variants[0].mix.map((o) => o.name).join(' / ')} in turn; ${ENGAGEMENTS} engagements seeded.`,
      '',
      '| variant | requests | req/s | p50 ms | p95 ms |',
      '| --- | --: | --: | --: | --: |',
      ...summary.map(
        (r) =>
          `| ${r.label} | ${r.requests} | ${fixed(r.requestsPerSecond)} | ${fixed(r.p50, 2)} | ${fixed(r.p95, 2)} |`,
      ),
      `| difference (on − off) | | ${change(a.requestsPerSecond, b.requestsPerSecond, 1)} | ${change(a.p50, b.p50, 2)} | ${change(a.p95, b.p95, 2)} |`,
      '',
      `Throughput per round (min–max): ${variants
        .map((v) => {
          const rates = v.perRound.map((r) => r.requestsPerSecond);
          return `${v.label} ${fixed(Math.min(...rates))}–${fixed(Math.max(...rates))} req/s`;
        })
        .join('; ')}. The sink received ${sink.requests() - exportedBefore.requests} OTLP exports (${fixed(
        (sink.bytes() - exportedBefore.bytes) / 1024,
      )} KiB) during the rounds.`,
    ].join('\n');
    console.log(`\n${section}`);
    await writeSection(process.cwd(), section);
    log('written the "Tracing overhead" section of BENCHMARKS.md');
  } finally {
    await Promise.all(stacks.map((s) => s.stop()));
    await new Promise((resolve) => sink.server.close(resolve));
  }
}

runBenchScript(main);
