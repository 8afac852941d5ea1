// `npm start`: one command from a fresh clone to a running platform. Installs what is missing,
// brings up PostgreSQL databases and a real Kafka broker, migrates each service, starts the four
// subgraphs and the gateway, loads demo data once, and prints the URL, a token and a sample
// query. Ctrl-C stops everything it started (the broker too, if it started it).
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
if (!run([tsx, 'tools/infra/infra.ts', 'up'])) process.exit(1);

for (const s of services) {
  process.stdout.write(`[start] migrating ${s.name}\n`);
  if (!run([tsx, `apps/${s.name}/src/migrate.ts`], { DATABASE_URL: databaseUrl(s), LOG_LEVEL: 'warn' }))
    process.exit(1);
}

const children = [];
const colors = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
function launch(name, entry, env, color) {
  const child = spawn(node, [tsx, entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${color}${name.padEnd(16)}\x1b[0m| `;
  const pipe = (stream, out) => {
    let pending = '';
    stream.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping everything\n`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

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
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (!kafkaWasRunningFlag && !process.env.KAFKA_EXTERNAL) run([tsx, 'tools/infra/infra.ts', 'down']);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const started = Date.now();
services.forEach((s, i) =>
  launch(
    s.name,
    `apps/${s.name}/src/main.ts`,
    { PORT: String(s.port), DATABASE_URL: databaseUrl(s) },
    colors[i],
  ),
);
try {
  await Promise.all(services.map((s) => waitFor(`http://127.0.0.1:${s.port}/ready`, s.name)));
  const gatewayPort = Number(process.env.PORT ?? manifest.gateway.port);
  launch('gateway', 'apps/gateway/src/main.ts', { PORT: String(gatewayPort) }, colors[4]);
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
