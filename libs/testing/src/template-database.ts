import { createHash, randomBytes } from 'node:crypto';
import type { MigrationInterface } from 'typeorm';
import { createDataSource } from '@platform/db';
import { cloneDatabase, databaseExists, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/infra';
import { allMigrations } from '@platform/service-kit';

interface MigratedDefinition {
  name: string;
  entities: Array<new (...args: never[]) => unknown>;
  migrations: Array<new () => MigrationInterface>;
}

const withDatabase = (url: string, name: string): string => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

/**
 * The name of a database holding `def`'s migrations, applied once for every test file (as
 * immich's medium tests do): its name carries a hash of the migrations' source, so a changed or
 * added migration gets a new template and a stale one is never used.
 */
export function templateName(def: MigratedDefinition): string {
  const hash = createHash('sha256');
  for (const migration of allMigrations(def)) hash.update(migration.name).update(migration.toString());
  return `tpl_${def.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Makes sure the migrated template of `def` exists on the server of `serverUrl` and returns its
 * name. Concurrent test files race safely: each migrates a private database and renames it to
 * the template's name; PostgreSQL lets exactly one rename win, the others drop their copy. So
 * the template name only ever names a fully migrated database.
 */
export async function ensureMigratedTemplate(def: MigratedDefinition, serverUrl: string): Promise<string> {
  const template = templateName(def);
  if (await databaseExists(template, serverUrl)) return template;
  const building = `${template}_b${randomBytes(3).toString('hex')}`;
  const buildingUrl = withDatabase(serverUrl, building);
  await ensureDatabaseExists(buildingUrl);
  try {
    const { dataSource } = createDataSource({
      url: buildingUrl,
      entities: def.entities,
      migrations: allMigrations(def),
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    const { dataSource: admin } = createDataSource({
      url: withDatabase(serverUrl, 'postgres'),
      entities: [],
      migrations: [],
      poolSize: 1,
    });
    await admin.initialize();
    try {
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } catch (error) {
      // Another file renamed its copy first: theirs is the template, ours goes.
      if ((error as { code?: string }).code !== '42P04') throw error;
    } finally {
      await admin.destroy();
    }
  } finally {
    await dropDatabaseIfExists(buildingUrl);
  }
  return template;
}

/** Creates `url`'s database as a clone of `def`'s migrated template (built on first use). */
export async function createMigratedDatabase(def: MigratedDefinition, url: string): Promise<void> {
  const template = await ensureMigratedTemplate(def, url);
  await cloneDatabase(template, url);
}
