// The `serve` and `migrate` targets of the apps (`nx run sales:serve`, `nx run-many -t serve`):
// runs apps/<app>/src/<main|migrate>.ts with tsx. A subgraph's DATABASE_URL comes from
// <APP>_DATABASE_URL, else DATABASE_URL_BASE plus its database name (as `npm start` sets it up),
// else the app's own default; the gateway's port from GATEWAY_PORT (default 4000).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [app, entry = 'main'] = process.argv.slice(2);
// The subgraphs, their ports and databases: the one service manifest.
const manifest = JSON.parse(readFileSync(resolve(root, 'libs/infra/src/services.json'), 'utf8'));
const SUBGRAPHS = Object.fromEntries(manifest.subgraphs.map((s) => [s.name, s]));
if (!Object.hasOwn(SUBGRAPHS, app) && app !== manifest.gateway.name) {
  process.stderr.write(
    `usage: node tools/serve.mjs <gateway|${Object.keys(SUBGRAPHS).join('|')}> [main|migrate]\n`,
  );
  process.exit(2);
}
const env = { ...process.env };
if (app === manifest.gateway.name) env.PORT = process.env.GATEWAY_PORT ?? String(manifest.gateway.port);
else {
  const { port, database } = SUBGRAPHS[app];
  const own = process.env[`${app.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`];
  const base = process.env.DATABASE_URL_BASE;
  const url = own ?? (base ? `${base}/${database}` : undefined);
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  env.PORT = String(port);
}
const child = spawn(
  process.execPath,
  [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'apps', app, 'src', `${entry}.ts`)],
  { cwd: root, env, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
