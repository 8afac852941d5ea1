/**
 * One load run in its own process (so the load generator never shares an event loop with the
 * benchmark's bookkeeping): autocannon with fixed connections for a fixed time, every response
 * checked against the expected body, exact latency percentiles from every response.
 *
 *   node --import tsx tools/bench/lib/autocannon-runner.ts '<LoadSpec as JSON>'
 *
 * Prints one line: a LoadResult as JSON.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load';

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 100) / 100;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const latencies: number[] = [];
const started = performance.now();
const cpuAtStart = process.cpuUsage();
const instance = autocannon(
  {
    url: spec.url,
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    expectBody: spec.expectBody,
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const sorted = Float64Array.from(latencies).sort();
    const output: LoadResult = {
      requests: result.requests.total,
      seconds: Math.round(seconds * 100) / 100,
      requestsPerSecond: Math.round((latencies.length / result.duration) * 10) / 10,
      latencyMs: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: percentile(sorted, 100),
      },
      responses: latencies.length,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      mismatches: result.mismatches,
      bytesPerResponse: latencies.length ? Math.round(result.throughput.total / latencies.length) : 0,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  },
);
instance.on('response', (_client, _status, _bytes, ms) => {
  latencies.push(ms);
});
