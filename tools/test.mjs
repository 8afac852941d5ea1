// `npm test`: everything CI checks, in the order that fails fastest. Static checks run while
// the infrastructure comes up; then every jest suite (unit, integration against the real
// PostgreSQL and Kafka, end-to-end through the real gateway) runs in parallel workers.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
// Each tool's own entry point, through the links npm keeps in node_modules/.bin.
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: process.env.CI ? '0' : '1',
};

if (spawnSync(node, [resolve(root, 'tools/bootstrap.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);

function task(name, args) {
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

const tsx = bin('tsx');
const started = Date.now();
const status =
  spawnSync(node, [tsx, 'tools/infra/infra.ts', 'status'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
const kafkaWasRunning = /^kafka\b.*\breachable/m.test(status) && !/^kafka\b.*NOT reachable/m.test(status);

// The project graph must exist before eslint, or @nx/enforce-module-boundaries silently skips.
const graph = spawnSync(node, [bin('nx'), 'show', 'projects'], {
  cwd: root,
  env,
  encoding: 'utf8',
});
if (graph.status !== 0) {
  process.stdout.write(`FAIL nx project graph\n${graph.stderr}\n`);
  process.exit(1);
}

const staticChecks = [
  task('dependency gate', [resolve(root, 'tools/check-dependencies.mjs')]),
  task('format (prettier --check)', [bin('prettier'), '--check', '.', '--log-level', 'warn']),
  task('supergraph composition', [tsx, 'tools/compose-supergraph.ts', '--check']),
  task('resolver types (graphql-codegen --check)', [
    bin('graphql-codegen'),
    '--config',
    'codegen.ts',
    '--check',
  ]),
  task('lint (eslint, module boundaries)', [bin('eslint'), '.', '--max-warnings', '0']),
  task('type check (tsc)', [bin('tsc'), '-p', 'tsconfig.json', '--noEmit']),
];
const infra = task('infrastructure (PostgreSQL, Kafka)', [tsx, 'tools/infra/infra.ts', 'up']);

const results = await Promise.all([...staticChecks, infra]);
let failed = results.filter((r) => r.code !== 0);
if ((await infra).code === 0) {
  const jestArgs = [bin('jest'), '--ci', `--maxWorkers=${process.env.JEST_WORKERS ?? 3}`];
  const jest = spawnSync(node, jestArgs, { cwd: root, env, stdio: 'inherit' });
  if (jest.status !== 0) failed = [...failed, { name: 'jest' }];
}
if (!kafkaWasRunning && !process.env.KAFKA_EXTERNAL) {
  spawnSync(node, [tsx, 'tools/infra/infra.ts', 'down'], { cwd: root, stdio: 'ignore' });
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (failed.length > 0) {
  process.stdout.write(`\nnpm test FAILED in ${minutes} min: ${failed.map((f) => f.name).join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`\nnpm test passed in ${minutes} min\n`);
