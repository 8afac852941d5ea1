// Dependency gate for `npm test`: fails when any installed copy of a package is older than the
// floor in tools/security/minimum-versions.json (works offline, from package-lock.json).
// With DEPENDENCY_AUDIT=online it also runs `npm audit --audit-level=high` against the registry.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const floors = JSON.parse(
  readFileSync(resolve(root, 'tools/security/minimum-versions.json'), 'utf8'),
).packages;
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));

const parse = (v) =>
  v
    .split(/[.+-]/)
    .slice(0, 3)
    .map((n) => Number.parseInt(n, 10) || 0);
const older = (a, b) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
};

const problems = [];
for (const [path, meta] of Object.entries(lock.packages ?? {})) {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const floor = floors[name];
  if (floor && meta.version && older(meta.version, floor.min)) {
    problems.push(`${name}@${meta.version} at ${path} is below ${floor.min}: ${floor.why}`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`Dependencies with known high-severity advisories:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
if (process.env.DEPENDENCY_AUDIT === 'online') {
  const audit = spawnSync('npm', ['audit', '--audit-level=high', '--omit=dev'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (audit.status !== 0) process.exit(audit.status ?? 1);
}
process.stdout.write(`dependency floors hold for ${Object.keys(floors).length} packages\n`);
