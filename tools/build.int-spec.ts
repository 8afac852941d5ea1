import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@platform/infra';
import { dropDatabaseIfExists } from '@platform/db';
import { KAFKA_BROKERS, TEST_SIGNING_SECRET, eventually, testDatabaseUrl, uniqueId } from '@platform/testing';

// `nx build <app>` must give a runnable artifact with its own production dependencies, pinned by
// a lock file pruned from the repository's, that runs with plain node and nothing else around it.
const root = resolve(__dirname, '..');

type Lock = {
  packages: Record<string, { version?: string; dependencies?: Record<string, string>; dev?: boolean }>;
};
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

function build(app: string): string {
  execFileSync(process.execPath, ['tools/build-app.mjs', app], { cwd: root, stdio: 'pipe' });
  return resolve(root, 'dist/apps', app);
}

/** The artifact copied where no repository is around it, installed as the Dockerfile does. */
function install(artifact: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'artifact-'));
  cpSync(artifact, dir, { recursive: true });
  expect(existsSync(join(dir, '..', 'package.json'))).toBe(false);
  execFileSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
    {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, npm_config_loglevel: 'error' },
    },
  );
  return dir;
}

const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const status = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

describe('per-app build (tools/build-app.mjs)', () => {
  it('bundles a subgraph with its migrations, schema, and a lock of exactly its production packages', () => {
    const out = build('accounting');
    for (const file of ['main.js', 'migrate.js', 'schema.graphql', 'package.json', 'package-lock.json'])
      expect(existsSync(resolve(out, file))).toBe(true);
    const pkg = readJson<{ dependencies: Record<string, string> }>(resolve(out, 'package.json'));
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@apollo/server', '@apollo/subgraph', 'kafkajs', 'pg', 'typeorm']),
    );
    const lock = readJson<Lock>(resolve(out, 'package-lock.json'));
    const repo = readJson<Lock>(resolve(root, 'package-lock.json'));
    // The lock's root is the package.json (npm ci refuses a lock out of sync with it).
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    // Every locked package is one the repository is tested with, at the same version: nothing floats.
    const tested = new Set(
      Object.entries(repo.packages).map(([path, p]) => `${path.split('node_modules/').pop()}@${p.version}`),
    );
    const locked = Object.entries(lock.packages).filter(([path]) => path !== '');
    expect(locked.length).toBeGreaterThan(50);
    for (const [path, p] of locked) {
      const id = `${path.split('node_modules/').pop()}@${p.version}`;
      expect({ id, tested: tested.has(id) }).toEqual({ id, tested: true });
      expect(p.dev).toBeUndefined();
    }
    // Development tools never ship in the artifact, not even as a transitive dependency.
    const names = new Set(locked.map(([path]) => path.split('node_modules/').pop()));
    for (const tool of ['jest', 'eslint', 'typescript', 'tsx', 'nx', 'esbuild', 'prettier'])
      expect({ tool, shipped: names.has(tool) }).toEqual({ tool, shipped: false });
  });

  it('runs the built gateway with plain node from its artifact folder alone', async () => {
    const dir = install(build('gateway'));
    folders.push(dir);
    const port = await freePort();
    const child = spawn(process.execPath, ['main.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    children.push(child);
    await eventually(async () => (await status(`http://127.0.0.1:${port}/health`)) === 200, 60_000);
    child.kill('SIGTERM');
  }, 300_000);

  it('migrates and runs a built subgraph from its artifact folder alone: ready on PostgreSQL and Kafka, not ready while draining', async () => {
    const dir = install(build('accounting'));
    folders.push(dir);
    const databaseUrl = testDatabaseUrl(uniqueId('t_artifact'));
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueId('artifact')}.`,
      KAFKA_TOPIC_PARTITIONS: '1',
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SHUTDOWN_DRAIN_MS: '3000',
    };
    try {
      execFileSync(process.execPath, ['migrate.js'], { cwd: dir, env, stdio: 'pipe' });
      const child = spawn(process.execPath, ['main.js'], { cwd: dir, env, stdio: 'ignore' });
      children.push(child);
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      const ready = `http://127.0.0.1:${port}/ready`;
      await eventually(async () => (await status(ready)) === 200, 90_000);
      child.kill('SIGTERM');
      // Draining: still answering, but not ready, until SHUTDOWN_DRAIN_MS has passed.
      await eventually(async () => (await status(ready)) === 503, 2_500, 20);
      expect(await exited).toBe(0);
    } finally {
      await dropDatabaseIfExists(databaseUrl);
    }
  }, 300_000);
});
