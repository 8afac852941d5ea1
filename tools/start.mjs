// `npm start`: one command from a fresh clone to a running platform. Installs what is missing,
// brings up PostgreSQL databases and a real Kafka broker, then has Nx run the services as
// continuous tasks (`nx run-many -t serve`: each subgraph's `migrate` first, then the four
// subgraphs and the gateway, their logs prefixed with the project's name), loads demo data once,
// and prints the URL, a token and a sample query. Ctrl-C stops everything it started (the
// broker too, if it started it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const run = (args, env = {}) =>
  spawnSync(node, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;

if (!run([resolve(root, 'tools/bootstrap.mjs')])) process.exit(1);
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');

// The services come from the one manifest (libs/infra/src/services.json).
const manifest = JSON.parse(readFileSync(resolve(root, 'libs/infra/src/services.json'), 'utf8'));
const services = manifest.subgraphs;
const urlVariable = (name) => name.toUpperCase().replace(/-/g, '_');
const pgBase = process.env.DATABASE_URL_BASE ?? 'postgres://postgres@127.0.0.1:5432';
const databaseUrl = (s) => process.env[`${urlVariable(s.name)}_DATABASE_URL`] ?? `${pgBase}/${s.database}`;

const kafkaWasRunning =
  spawnSync(node, [tsx, 'tools/infra/infra.ts', 'status'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
const kafkaWasRunningFlag =
  /^kafka\b.*\breachable/m.test(kafkaWasRunning) && !/^kafka\b.*NOT reachable/m.test(kafkaWasRunning);
// An embedded PostgreSQL (started by `infra up` where no server answers) is stopped with the rest.
const postgresWasRunning =
  /^postgres\b.*\breachable/m.test(kafkaWasRunning) && !/^postgres\b.*NOT reachable/m.test(kafkaWasRunning);
if (!run([tsx, 'tools/infra/infra.ts', 'up'])) process.exit(1);

const gatewayPort = Number(process.env.PORT ?? manifest.gateway.port);
const nxEnv = {
  ...process.env,
  NX_DAEMON: process.env.NX_DAEMON ?? 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
  DATABASE_URL_BASE: pgBase,
  GATEWAY_PORT: String(gatewayPort),
  ...Object.fromEntries(services.map((s) => [`${urlVariable(s.name)}_DATABASE_URL`, databaseUrl(s)])),
};
delete nxEnv.PORT;
const projects = [...services.map((s) => s.name), 'gateway'];
// Nx runs each subgraph's migrations, then every `serve` target (continuous: they run until
// stopped); its stream output puts the project's name in colour before each line.
const nx = spawn(
  node,
  [
    resolve(root, 'node_modules/.bin/nx'),
    'run-many',
    '-t',
    'serve',
    '-p',
    projects.join(','),
    '--parallel',
    String(projects.length * 2),
    '--outputStyle=stream',
  ],
  { cwd: root, env: nxEnv, stdio: ['ignore', 'inherit', 'inherit'] },
);
nx.on('exit', (code, signal) => {
  if (!stopping) {
    process.stderr.write(`[start] the services stopped (${signal ?? code}); stopping everything\n`);
    void stop(1);
  }
});

async function waitFor(url, name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\n[start] stopping services…\n');
  await new Promise((done) => {
    if (nx.exitCode !== null || nx.signalCode !== null) return done();
    const kill = setTimeout(() => nx.kill('SIGKILL'), 20_000);
    nx.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    nx.kill('SIGINT');
  });
  if (!kafkaWasRunningFlag && !process.env.KAFKA_EXTERNAL)
    run([tsx, 'tools/infra/infra.ts', 'down', 'kafka']);
  if (!postgresWasRunning) run([tsx, 'tools/infra/infra.ts', 'down', 'postgres']);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const started = Date.now();
try {
  await Promise.all(services.map((s) => waitFor(`http://127.0.0.1:${s.port}/ready`, s.name)));
  await waitFor(`http://127.0.0.1:${gatewayPort}/health`, 'gateway');
  if (!process.env.SKIP_SEED) {
    if (!run([tsx, 'tools/seed.ts'], { GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql` })) {
      process.stderr.write(
        '[start] demo data could not be loaded (see above); the platform is still running\n',
      );
    }
  }
  const token = spawnSync(node, [tsx, 'tools/token.ts', '--roles', 'ADMIN', '--name', 'Demo Admin'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const sample = existsSync(resolve(root, 'tools/sample-query.graphql'))
    ? readFileSync(resolve(root, 'tools/sample-query.graphql'), 'utf8').trim()
    : '{ engagements(first: 5) { totalCount edges { node { name status } } } }';
  process.stdout.write(
    [
      '',
      `\x1b[1mEngagement platform is up\x1b[0m (services started in ${seconds} s)`,
      `  Gateway:   http://localhost:${gatewayPort}/graphql`,
      '  Dev token (ADMIN; more with: npm run token -- --sub <team member id> --roles FINANCE):',
      `    export TOKEN=${token}`,
      '  Sample query:',
      `    curl -s http://localhost:${gatewayPort}/graphql -H 'content-type: application/json' \\`,
      '      -H "authorization: Bearer $TOKEN" \\',
      `      -d '${JSON.stringify({ query: sample.replace(/\s+/g, ' ') })}'`,
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
} catch (error) {
  process.stderr.write(`[start] ${error.message}\n`);
  await stop(1);
}
