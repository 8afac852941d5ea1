// `nx build <app>`: bundles one app (our code and the shared libraries) into dist/apps/<app>
// with esbuild, and writes a package.json that lists exactly the npm packages the bundle
// imports, at the versions in package-lock.json. `npm install --omit=dev` in that folder (the
// Dockerfile does it) gives a runnable artifact with its own production dependencies.
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
writeFileSync(
  resolve(out, 'package.json'),
  `${JSON.stringify({ name: `@engagement-platform/${app}`, private: true, main: 'main.js', engines: { node: '>=20.19' }, dependencies }, null, 2)}\n`,
);
if (existsSync(resolve(src, 'schema.graphql')))
  copyFileSync(resolve(src, 'schema.graphql'), resolve(out, 'schema.graphql'));
if (app === 'gateway')
  copyFileSync(resolve(root, 'apps/gateway/supergraph.graphql'), resolve(out, 'supergraph.graphql'));
process.stdout.write(
  `built dist/apps/${app} (${Object.keys(entryPoints).join(', ')}; ${used.size} npm dependencies)\n`,
);
