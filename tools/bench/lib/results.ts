/**
 * What `npm run bench` measures with (SETTINGS, from the environment) and what it writes
 * (BenchResults, to BENCHMARKS.json): shared by the suite (run-all.ts) and the report (report.ts).
 */
import type { Portfolio } from '@platform/testing';
import type { FederationResult } from '../federation';
import type { LogTimeResult, OpeningResult, StalenessResult } from '../flows';
import type { Environment } from './environment';
const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
  return value;
};

export const SETTINGS = {
  engagements: int('BENCH_ENGAGEMENTS', 1000),
  seedConcurrency: int('BENCH_SEED_CONCURRENCY', 16),
  connections: int('BENCH_CONNECTIONS', 10),
  seconds: int('BENCH_SECONDS', 8),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 3),
  runs: int('BENCH_RUNS', 3),
  pageSize: 50,
  statementSizes: [10, 50, 200],
  contracts: int('BENCH_CONTRACTS', 50),
  logTimeConcurrency: int('BENCH_LOGTIME_CONCURRENCY', 16),
  stalenessSeconds: int('BENCH_STALENESS_SECONDS', 20),
  stalenessTargetRate: 500,
};

export interface ScriptRun {
  command: string;
  ok: boolean;
  seconds: number;
  error?: string;
  /** The script's own JSON output (.cache/bench/<name>.json), when it ran. */
  result?: unknown;
}

export interface BenchResults {
  date: string;
  seconds: number;
  environment: Environment;
  settings: typeof SETTINGS;
  commands: Record<string, string>;
  eventPipeline?: ScriptRun;
  profitabilityReport?: ScriptRun;
  accountingStaleness?: ScriptRun;
  memberForecast?: ScriptRun;
  portfolio?: { engagements: number; timeEntries: number; seconds: Portfolio['seconds'] };
  statements?: { sizes: number[]; bySubgraph: Record<string, number[]>; constant: boolean };
  memory?: { idleBytes: Record<string, number>; underLoadBytes: Record<string, number> };
  federation?: FederationResult;
  opening?: OpeningResult;
  logTime?: LogTimeResult;
  /** Rates tried, highest first, until one was steady; `chosen` is the one reported. */
  staleness?: { attempts: StalenessResult[]; chosen: number };
  /** The same with logTime sent straight to project-delivery, from the 500/s down. */
  stalenessDirect?: { attempts: StalenessResult[]; chosen: number };
  errors: string[];
}
