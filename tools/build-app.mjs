// `nx build <app>`: bundles one app (our code and the shared libraries) into dist/apps/<app>
// with esbuild, and writes a package.json that lists exactly the npm packages the bundle
// imports, at the versions in package-lock.json, plus a package-lock.json pruned from the
// repository's: those packages and everything they need at run time, at the very versions (and
// integrity hashes) the repository is tested with. `npm ci --omit=dev` in that folder (the
// Dockerfiles do it) gives a runnable artifact whose transitive versions never float.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv[2];
// The apps come from the one service manifest.
const manifest = JSON.parse(readFileSync(resolve(root, 'libs/infra/src/services.json'), 'utf8'));
const apps = [manifest.gateway.name, ...manifest.subgraphs.map((s) => s.name)];
if (!apps.includes(app)) {
  process.stderr.write(`usage: node tools/build-app.mjs <${apps.join('|')}>\n`);
  process.exit(2);
}
const src = resolve(root, 'apps', app, 'src');
const out = resolve(root, 'dist/apps', app);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const entryPoints = { main: resolve(src, 'main.ts') };
if (existsSync(resolve(src, 'migrate.ts'))) entryPoints.migrate = resolve(src, 'migrate.ts');

const result = await build({
  entryPoints,
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  metafile: true,
  packages: 'external',
  tsconfig: resolve(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});

// Packages the bundle imports (bare specifiers) → their installed versions.
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));
const used = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imp of output.imports) {
    if (!imp.external || imp.path.startsWith('node:') || imp.path.startsWith('.')) continue;
    const parts = imp.path.split('/');
    const name = imp.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    if (lock.packages[`node_modules/${name}`]) used.add(name);
  }
}
const dependencies = Object.fromEntries(
  [...used].sort().map((name) => [name, lock.packages[`node_modules/${name}`].version]),
);
const rootPkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const pkg = {
  name: `@engagement-platform/${app}`,
  version: rootPkg.version,
  private: true,
  main: 'main.js',
  engines: rootPkg.engines,
  dependencies,
};

/**
 * Where npm placed the package `name` that the package at `from` depends on: the nearest
 * node_modules folder up the tree, as Node resolves it.
 */
function locate(from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

// Every package the app's dependencies need at run time (dependencies, optional and peer
// dependencies npm installed), each at the place and version npm put it in the repository.
const kept = new Map();
const queue = Object.keys(dependencies).map((name) => `node_modules/${name}`);
while (queue.length > 0) {
  const path = queue.shift();
  if (kept.has(path)) continue;
  const entry = lock.packages[path];
  kept.set(path, entry);
  const needs = {
    ...entry.peerDependencies,
    ...entry.optionalDependencies,
    ...entry.dependencies,
  };
  for (const name of Object.keys(needs)) {
    const found = locate(path, name);
    if (found) queue.push(found);
    else if (entry.dependencies?.[name])
      throw new Error(`${path} needs ${name}, which package-lock.json does not hold`);
  }
}
const packages = { '': { name: pkg.name, version: pkg.version, engines: pkg.engines, dependencies } };
for (const path of [...kept.keys()].sort()) {
  // Flags like dev/devOptional describe the repository's tree; here every package is production.
  const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = kept.get(path);
  packages[path] = entry;
}
const overrides = Object.fromEntries(
  Object.entries(rootPkg.overrides ?? {}).filter(([name]) =>
    [...kept.keys()].some((path) => path.endsWith(`node_modules/${name}`)),
  ),
);
if (Object.keys(overrides).length > 0) pkg.overrides = overrides;
writeFileSync(resolve(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  resolve(out, 'package-lock.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
);
// npm lays a smaller tree out differently (it may hoist another copy of a package the repository
// also holds); let it settle the pruned lock without fetching anything newer, so `npm ci` agrees.
execFileSync(
  process.platform === 'win32' ? 'npm.cmd' : 'npm',
  ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
  { cwd: out, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, npm_config_loglevel: 'error' } },
);
if (existsSync(resolve(src, 'schema.graphql')))
  copyFileSync(resolve(src, 'schema.graphql'), resolve(out, 'schema.graphql'));
if (app === 'gateway')
  copyFileSync(resolve(root, 'apps/gateway/supergraph.graphql'), resolve(out, 'supergraph.graphql'));
process.stdout.write(
  `built dist/apps/${app} (${Object.keys(entryPoints).join(', ')}; ${used.size} npm dependencies, ${kept.size} packages locked)\n`,
);
