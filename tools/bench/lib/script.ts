/**
 * What every benchmark script shares: where its raw figures go (.cache/bench/<name>.json under
 * the repository, read back by `npm run bench`) and how it ends when it fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@platform/testing';

export const BENCH_DIR = join(REPO_ROOT, '.cache', 'bench');

/** Writes a script's figures to .cache/bench/<name>.json; returns that path, relative to the repository. */
export function writeBenchResult(name: string, result: unknown): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return `.cache/bench/${name}.json`;
}

/** Runs a script's main; a failure prints its stack and exits with 1. */
export function runBenchScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
