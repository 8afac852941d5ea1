/**
 * Load runs and what they cost: autocannon (in its own process) against one server, with the
 * CPU of every process group on the machine over the same window, the server's CPU per request
 * and peak RSS, and the load average — other people's work on a shared machine shows up as
 * `foreign` CPU next to each figure.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  cpuBetween,
  cpuSnapshot,
  machineCpu,
  processTree,
  rssSampler,
  usage,
  waitedChildrenCpuSeconds,
} from './procfs';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
  /** Every response must equal this body, or it counts as a mismatch. */
  expectBody?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  bytesPerResponse: number;
  /** CPU the load generator used while the load ran (its start-up excluded). */
  cpuSeconds: number;
}

export interface LoadMeasurement extends LoadResult {
  /** CPU of the server under test (its whole process tree) per response. */
  serverCpuMsPerRequest: number;
  serverPeakRssBytes: number;
  /** CPU per response of every process group on the machine (ms), incl. `load generator` and `foreign`. */
  cpuMsPerRequest: Record<string, number>;
  /** Share of all cores busy during the run, and the share used by live processes that are not the benchmark's. */
  machineBusyPercent: number;
  foreignCpuPercent: number;
  loadAverage1m: number;
}

const RUNNER = join(__dirname, 'autocannon-runner.ts');
/** CPU of processes that exited during a window (idle pooled database connections closing, short-lived tools). */
export const EXITED = 'processes that exited meanwhile';
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Distribution {
  samples: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles of latency samples in ms, to 0.1 ms. */
export function distribution(values: readonly number[]): Distribution {
  const tenth = (n: number) => Math.round(n * 10) / 10;
  return {
    samples: values.length,
    p50: tenth(percentile(values, 50)),
    p90: tenth(percentile(values, 90)),
    p95: tenth(percentile(values, 95)),
    p99: tenth(percentile(values, 99)),
    max: tenth(percentile(values, 100)),
  };
}

export function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', RUNNER, JSON.stringify(spec)],
      { maxBuffer: 16 * 1024 * 1024, timeout: (spec.seconds + 60) * 1000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`load run failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as LoadResult);
        } catch {
          reject(new Error(`load run printed no result: ${stdout.slice(0, 500)}\n${stderr.slice(0, 500)}`));
        }
      },
    );
  });
}

/**
 * Assigns every live process to a group for CPU accounting: the benchmark's own processes by pid
 * (server under test, stack services, idle peers), PostgreSQL backends by database, Kafka, and
 * everything else as `foreign`.
 */
export interface Accounting {
  /** Group name per pid, e.g. { 1234: 'gateway', 1240: 'engagement' }. */
  pids: () => Map<number, string>;
  /** Databases whose PostgreSQL backends count as the benchmark's (prefix match). */
  databasePrefix: string;
}

function classifier(accounting: Accounting) {
  const byPid = accounting.pids();
  return (pid: number, cmd: string): string => {
    const known = byPid.get(pid);
    if (known) return known;
    if (pid === process.pid) return 'benchmark';
    if (cmd.startsWith('postgres:')) {
      return cmd.includes(` ${accounting.databasePrefix}`) ? 'postgresql' : 'foreign';
    }
    if (cmd.includes('kafka.Kafka')) return 'kafka';
    return 'foreign';
  };
}

/** CPU seconds per process group (and of the whole machine) between `start` and `stop()`. */
export function cpuWindow(accounting: Accounting) {
  const classify = classifier(accounting);
  const before = cpuSnapshot(classify);
  const machineBefore = machineCpu();
  return {
    stop: (): { groups: Record<string, number>; busySeconds: number; totalSeconds: number } => {
      const groups = cpuBetween(before, cpuSnapshot(classify));
      const machineAfter = machineCpu();
      const accounted = Object.values(groups).reduce((a, b) => a + b, 0);
      const busy = machineAfter.busySeconds - machineBefore.busySeconds;
      groups[EXITED] = Math.max(0, busy - accounted);
      return {
        groups,
        busySeconds: busy,
        totalSeconds: machineAfter.totalSeconds - machineBefore.totalSeconds,
      };
    },
  };
}

/** The stack's processes by service name (gateway included), PostgreSQL backends of its databases. */
export function stackAccounting(stack: {
  topicPrefix: string;
  processes: ReadonlyArray<{ name: string; child: { pid?: number } }>;
}): Accounting {
  return {
    databasePrefix: stack.topicPrefix.replace(/\.$/, '_'),
    pids: () => {
      const map = new Map<number, string>();
      for (const p of stack.processes) for (const pid of processTree(p.child.pid ?? -1)) map.set(pid, p.name);
      return map;
    },
  };
}

/** One measured run: autocannon against `spec` while accounting for the CPU of `server`'s tree. */
export async function measureLoad(
  spec: LoadSpec,
  server: () => readonly number[],
  accounting: Accounting,
  extraRss: Record<string, () => readonly number[]> = {},
): Promise<LoadMeasurement & { peakRssBytes: Record<string, number> }> {
  const classify = classifier(accounting);
  // Process trees are fixed for the run: resolve them once, not at every sample.
  const serverPids = server();
  const trees = Object.fromEntries(
    [['server', serverPids] as const, ...Object.entries(extraRss).map(([k, f]) => [k, f()] as const)].map(
      ([k, pids]) => [k, () => pids],
    ),
  );
  const serverBefore = usage(serverPids).cpuSeconds;
  const groupsBefore = cpuSnapshot(classify);
  const machineBefore = machineCpu();
  const childBefore = waitedChildrenCpuSeconds();
  const sampler = rssSampler(trees);
  const result = await runAutocannon(spec);
  const peaks = sampler.stop();
  const machineAfter = machineCpu();
  const groupsAfter = cpuSnapshot(classify);
  const serverAfter = usage(serverPids).cpuSeconds;
  // The runner process's CPU: while the load ran (it reports that itself), and its start-up.
  const runner = waitedChildrenCpuSeconds() - childBefore;
  const loadGenerator = Math.min(runner, result.cpuSeconds);

  const responses = Math.max(1, result.responses);
  const perRequest = cpuBetween(groupsBefore, groupsAfter);
  const accounted = Object.values(perRequest).reduce((a, b) => a + b, 0);
  const busy = machineAfter.busySeconds - machineBefore.busySeconds;
  const total = machineAfter.totalSeconds - machineBefore.totalSeconds;
  perRequest['load generator'] = loadGenerator;
  perRequest['load generator start-up'] = runner - loadGenerator;
  perRequest[EXITED] = Math.max(0, busy - accounted - runner);
  const foreign = perRequest.foreign ?? 0;
  for (const group of Object.keys(perRequest))
    perRequest[group] = round((perRequest[group] * 1000) / responses);

  return {
    ...result,
    serverCpuMsPerRequest: round(((serverAfter - serverBefore) * 1000) / responses),
    serverPeakRssBytes: peaks.server,
    cpuMsPerRequest: perRequest,
    machineBusyPercent: total > 0 ? round((busy / total) * 100, 1) : 0,
    foreignCpuPercent: total > 0 ? round((foreign / total) * 100, 1) : 0,
    loadAverage1m: round(loadavg()[0]),
    peakRssBytes: peaks,
  };
}

/** Warm-up: the same load, nothing recorded. */
export async function warmUp(spec: LoadSpec): Promise<void> {
  await runAutocannon(spec);
}
