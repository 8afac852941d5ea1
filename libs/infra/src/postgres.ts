import { Client, type ClientConfig, DatabaseError, escapeIdentifier } from 'pg';
import { sleep } from './wait';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const DUPLICATE_DATABASE = '42P04';
// Two concurrent CREATE DATABASE of the same name can also collide on pg_database's unique index.
const UNIQUE_VIOLATION = '23505';
// CREATE DATABASE fails while another session is connected to the template database.
const OBJECT_IN_USE = '55006';

interface AdminTarget {
  config: ClientConfig;
  /** host:port for error messages (never includes the password). */
  where: string;
}

function resolveAdminTarget(adminUrl?: string): AdminTarget {
  const env = process.env;
  const usePgEnv = !adminUrl && Boolean(env.PGHOST || env.PGPORT || env.PGUSER || env.PGPASSWORD);
  if (usePgEnv) {
    const host = env.PGHOST || '127.0.0.1';
    const port = Number(env.PGPORT || 5432);
    return {
      config: {
        host,
        port,
        user: env.PGUSER || 'postgres',
        password: env.PGPASSWORD,
        database: env.PGDATABASE || 'postgres',
      },
      where: `${host}:${port}`,
    };
  }
  const url = adminUrl ?? DEFAULT_ADMIN_URL;
  let where = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.searchParams.get('host') ?? parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    where = 'the configured address';
  }
  return { config: { connectionString: url }, where };
}

async function connectAdmin(adminUrl?: string): Promise<Client> {
  const target = resolveAdminTarget(adminUrl);
  const client = new Client({ ...target.config, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const configure =
      'point the platform at a running server with DATABASE_URL / <SERVICE>_DATABASE_URL ' +
      '(e.g. SALES_DATABASE_URL) or the PGHOST, PGPORT, PGUSER and PGPASSWORD variables.';
    if (error instanceof DatabaseError) {
      throw new Error(
        `PostgreSQL at ${target.where} refused the admin connection: ${error.message}. Fix the credentials or ${configure}`,
        { cause: error },
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code ?? (error instanceof Error ? error.message : String(error));
    throw new Error(
      `PostgreSQL is not reachable at ${target.where} (${detail}). Start it there, or ${configure}`,
      { cause: error },
    );
  }
}

const sqlState = (error: unknown): string | undefined =>
  error instanceof DatabaseError ? error.code : undefined;

async function createDatabase(client: Client, name: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      const state = sqlState(error);
      if (state === DUPLICATE_DATABASE || state === UNIQUE_VIOLATION) return false;
      if (state === OBJECT_IN_USE && attempt < 10) {
        await sleep(200 * attempt);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Creates each database that does not exist yet. Idempotent and safe under concurrent callers.
 * Returns the names this call actually created.
 */
export async function ensureDatabases(names: string[], adminUrl?: string): Promise<string[]> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return [];
  const client = await connectAdmin(adminUrl);
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1::text[])',
      [wanted],
    );
    const present = new Set(rows.map((row) => row.datname));
    const created: string[] = [];
    for (const name of wanted.filter((n) => !present.has(n))) {
      if (await createDatabase(client, name)) created.push(name);
    }
    return created;
  } finally {
    await client.end();
  }
}

/** Drops the database if it exists, terminating its open connections. */
export async function dropDatabase(name: string, adminUrl?: string): Promise<void> {
  const client = await connectAdmin(adminUrl);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The database name in a postgres:// URL's path, or undefined when the URL has none. */
export function databaseNameFromUrl(url: string): string | undefined {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name === '' ? undefined : name;
}

/** True when an admin connection to PostgreSQL succeeds. */
export async function isPostgresReachable(adminUrl?: string): Promise<boolean> {
  try {
    const client = await connectAdmin(adminUrl);
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The same server's `postgres` database: where CREATE and DROP DATABASE for `url` are run. */
function adminUrlOf(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

function requireDatabaseName(url: string): string {
  const name = databaseNameFromUrl(url);
  if (name === undefined) throw new Error(`the database URL names no database: ${new URL(url).host}`);
  return name;
}

/** Creates the database named in `url` on its server when it does not exist yet. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  await ensureDatabases([requireDatabaseName(url)], adminUrlOf(url));
}

/** Drops the database named in `url` if it exists, terminating its open connections. */
export async function dropDatabaseIfExists(url: string): Promise<void> {
  await dropDatabase(requireDatabaseName(url), adminUrlOf(url));
}

/**
 * Creates the database named in `url` as a copy of `template` (PostgreSQL copies the files, so a
 * migrated schema is ready in milliseconds). The template must have no open connections.
 */
export async function cloneDatabase(template: string, url: string): Promise<void> {
  const client = await connectAdmin(adminUrlOf(url));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `CREATE DATABASE ${escapeIdentifier(requireDatabaseName(url))} TEMPLATE ${escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        // Another file may be cloning the same template at this instant (it holds a connection to it).
        if (sqlState(error) === OBJECT_IN_USE && attempt < 20) {
          await sleep(50 * attempt);
          continue;
        }
        throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/** True when a database of that name exists on the server of `url`. */
export async function databaseExists(name: string, url: string): Promise<boolean> {
  const client = await connectAdmin(adminUrlOf(url));
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
