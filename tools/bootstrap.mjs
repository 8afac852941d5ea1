// Installs what a fresh clone is missing, using only Node's standard library so it can run
// before `npm install`. Called by `npm start` and `npm test`; safe to run any number of times.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stdout.write(`[bootstrap] ${message}\n`);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  say(`Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer.`);
  process.exit(1);
}

const lock = resolve(root, 'package-lock.json');
const installed = resolve(root, 'node_modules/.package-lock.json');
const stale =
  !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000);
if (stale) {
  // `npm install` rather than `npm ci`: it installs the locked versions just the same, but does
  // not refuse a lock file that lacks optional binaries for other platforms — some registry
  // mirrors do not carry every platform build of a version (e.g. @swc/core for darwin).
  say('installing npm dependencies (npm install from package-lock.json)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Kafka runs from Apache Kafka's jars on the local JDK; Maven fetches them (tools/infra/pom.xml).
const need = [
  ['java', ['-version'], 'a JDK 17+ (e.g. apt-get install openjdk-17-jre-headless)'],
  ['mvn', ['-v'], 'Apache Maven (e.g. apt-get install maven)'],
];
if (!process.env.KAFKA_EXTERNAL) {
  for (const [command, args, hint] of need) {
    try {
      execFileSync(command, args, { stdio: 'ignore' });
    } catch {
      say(
        `${command} was not found: install ${hint}, or set KAFKA_BROKERS and KAFKA_EXTERNAL=1 to use your own broker.`,
      );
      process.exit(1);
    }
  }
}
