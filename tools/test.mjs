// `npm test`: everything CI checks, run by Nx (`nx run-many`), in the order that fails fastest.
// The static targets (dependency gate, prettier, supergraph composition, generated resolver
// types, eslint with module boundaries, tsc, unit tests) run while the infrastructure comes up;
// then every project's integration tests (real PostgreSQL and Kafka) and the end-to-end tests
// (the real gateway over the four subgraph processes). Nx caches each task by its inputs, so a
// second run only repeats what changed; `npm test -- --skip-nx-cache` repeats everything.
// Extra arguments go to both `nx run-many` calls.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
// Each tool's own entry point, through the links npm keeps in node_modules/.bin.
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const env = {
  ...process.env,
  NX_DAEMON: process.env.NX_DAEMON ?? 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1'),
};
const passThrough = process.argv.slice(2);
const parallel = process.env.NX_PARALLEL ?? '3';

if (spawnSync(node, [resolve(root, 'tools/bootstrap.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);

/** A command whose output is kept and shown only if it fails. */
function quiet(name, args) {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(node, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)\n`);
      if (code !== 0) process.stdout.write(output.replace(/^/gm, '     ') + '\n');
      done({ name, code, seconds });
    });
  });
}

/** `nx run-many` with its own output (each task's log, then Nx's summary). */
function nx(name, targets) {
  const started = Date.now();
  const args = [
    bin('nx'),
    'run-many',
    '-t',
    ...targets,
    `--parallel=${parallel}`,
    '--outputStyle=static',
    ...passThrough,
  ];
  process.stdout.write(`\n---- ${name}: nx ${args.slice(1).join(' ')}\n`);
  return new Promise((done) => {
    const child = spawn(node, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)\n`);
      done({ name, code, seconds });
    });
  });
}

const tsx = bin('tsx');
const started = Date.now();
const status =
  spawnSync(node, [tsx, 'tools/infra/infra.ts', 'status'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
const kafkaWasRunning = /^kafka\b.*\breachable/m.test(status) && !/^kafka\b.*NOT reachable/m.test(status);

const infra = quiet('infrastructure (PostgreSQL, Kafka)', [tsx, 'tools/infra/infra.ts', 'up']);
const checks = nx('static checks and unit tests', [
  'dependency-gate',
  'format-check',
  'lint-workspace',
  'compose-check',
  'codegen-check',
  'lint',
  'typecheck',
  'test',
]);
const results = [await checks, await infra];
// Integration tests first, then the whole-stack e2e files on a machine they have to themselves:
// run together on 2 cores, Kafka answered the e2e stacks' readiness checks too slowly.
if ((await infra).code === 0) {
  results.push(await nx('integration tests', ['int-test']));
  results.push(await nx('end-to-end tests', ['e2e']));
}
if (!kafkaWasRunning && !process.env.KAFKA_EXTERNAL) {
  spawnSync(node, [tsx, 'tools/infra/infra.ts', 'down'], { cwd: root, stdio: 'ignore' });
}
const failed = results.filter((r) => r.code !== 0);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(
  `\n${results.map((r) => `${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`).join('\n')}\n`,
);
if (failed.length > 0) {
  process.stdout.write(`\nnpm test FAILED in ${minutes} min: ${failed.map((f) => f.name).join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`\nnpm test passed in ${minutes} min\n`);
