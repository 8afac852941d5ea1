/**
 * What OpenTelemetry tracing costs a subgraph: the sales subgraph answers the same read
 * (`{ clients { id name } }`: HTTP, GraphQL, one SQL statement) with tracing off, on with 10 %
 * of traces sampled (OTEL_TRACES_SAMPLER=parentbased_traceidratio, _ARG=0.1) and on with every
 * trace sampled, each in a fresh process exporting over OTLP/HTTP to a collector in this process.
 *
 *   npx tsx tools/bench/tracing.ts      (after `npm run infra -- up`)
 *
 * Settings: BENCH_CONNECTIONS (10), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (3), BENCH_RUNS (3).
 * Prints one line per variant: median throughput, p50/p99 latency and server CPU per request
 * over the runs, and the spans the collector received.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropDatabaseIfExists } from '@platform/db';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import {
  KAFKA_BROKERS,
  TEST_SIGNING_SECRET,
  freePort,
  identity,
  postGraphQL,
  startTsProcess,
  testDatabaseUrl,
  uniqueId,
  waitForHttp,
} from '@platform/testing';
import { median, runAutocannon, type LoadSpec } from './lib/load';
import { serviceProcess, usage } from './lib/procfs';

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = int('BENCH_CONNECTIONS', 10);
const SECONDS = int('BENCH_SECONDS', 8);
const WARMUP = int('BENCH_WARMUP_SECONDS', 3);
const RUNS = int('BENCH_RUNS', 3);

interface Variant {
  label: string;
  env: Record<string, string>;
}

async function main(): Promise<void> {
  let spansReceived = 0;
  const collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      spansReceived += (body.match(/"spanId"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const otel = (sampler: string, arg?: string): Record<string, string> => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER: sampler,
    ...(arg ? { OTEL_TRACES_SAMPLER_ARG: arg } : {}),
  });
  const variants: Variant[] = [
    { label: 'tracing off (OTEL_* unset)', env: {} },
    { label: 'tracing on, 10 % sampled', env: otel('parentbased_traceidratio', '0.1') },
    { label: 'tracing on, all sampled', env: otel('parentbased_always_on') },
  ];
  const who = identity('00000000-0000-4000-8000-0000000000bb', ['ADMIN'], 'Bench');
  const lines: string[] = [];
  for (const variant of variants) {
    const databaseUrl = testDatabaseUrl(uniqueId('bench_tracing'));
    const port = await freePort();
    const sales = startTsProcess('sales', 'apps/sales/src/main.ts', {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MIGRATE_ON_START: 'true',
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueId('bench')}.`,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...variant.env,
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/ready`, sales, 180_000);
      const url = `http://127.0.0.1:${port}/graphql`;
      // Signed afresh for each load run: a signature is only accepted for a short while.
      const signed = () => ({
        'content-type': 'application/json',
        [IDENTITY_HEADER]: signIdentity(who, TEST_SIGNING_SECRET),
      });
      const headers = signed();
      // Ten clients to list; created through the API like any other.
      for (let i = 0; i < 10; i += 1) {
        await postGraphQL(
          url,
          'mutation ($input: CreateClientInput!) { createClient(input: $input) { id } }',
          { input: { name: `Bench client ${i}`, industry: 'Energy' } },
          headers,
        );
      }
      const body = JSON.stringify({ query: '{ clients { id name } }' });
      const expected = await (await fetch(url, { method: 'POST', headers: signed(), body })).text();
      const spec: LoadSpec = {
        url,
        headers,
        body,
        connections: CONNECTIONS,
        seconds: WARMUP,
        expectBody: expected,
      };
      await runAutocannon({ ...spec, headers: signed() });
      const server = serviceProcess(sales.child.pid!);
      const runs = [];
      const spansBefore = spansReceived;
      for (let run = 0; run < RUNS; run += 1) {
        const before = usage([server]).cpuSeconds;
        const result = await runAutocannon({ ...spec, headers: signed(), seconds: SECONDS });
        const cpu = usage([server]).cpuSeconds - before;
        if (result.non2xx + result.errors + result.mismatches > 0) {
          throw new Error(
            `${variant.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.mismatches} mismatches`,
          );
        }
        runs.push({ ...result, cpuMs: (cpu * 1000) / Math.max(1, result.responses) });
      }
      await new Promise((r) => setTimeout(r, 1500)); // the batch processor's last export
      const requests = runs.reduce((n, r) => n + r.responses, 0);
      const line =
        `${variant.label.padEnd(28)} ${median(runs.map((r) => r.requestsPerSecond))
          .toFixed(0)
          .padStart(6)} req/s` +
        `  p50 ${median(runs.map((r) => r.latencyMs.p50)).toFixed(2)} ms` +
        `  p99 ${median(runs.map((r) => r.latencyMs.p99)).toFixed(2)} ms` +
        `  server CPU ${median(runs.map((r) => r.cpuMs)).toFixed(3)} ms/request` +
        `  spans exported ${spansReceived - spansBefore} for ${requests} requests`;
      lines.push(line);
      console.log(line);
    } finally {
      await sales.stop();
      await dropDatabaseIfExists(databaseUrl).catch(() => undefined);
    }
  }
  collector.close();
  console.log(
    `\nOpenTelemetry cost, sales subgraph, ${CONNECTIONS} connections, ${RUNS} runs of ${SECONDS} s (medians):\n${lines.join('\n')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
