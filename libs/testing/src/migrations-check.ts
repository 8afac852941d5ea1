import { createDataSource } from '@platform/db';
import { dropDatabaseIfExists } from '@platform/infra';
import { allMigrations } from '@platform/service-kit';
import type { DataSource, MigrationInterface } from 'typeorm';
import { createMigratedDatabase } from './template-database';
import { testDatabaseUrl, uniqueId } from './test-service';

// Every subgraph's entities must describe the schema its migrations build: TypeORM's schema
// diff may hold nothing but the removal of what only the SQL migrations declare (foreign keys,
// CHECK constraints, indexes, column defaults: the migrations are the schema's source, entities
// map its tables and columns). Anything else — a table or column missing, another type or
// nullability — is a mismatch. And every migration's down() must run, newest first, to nothing.
const ONLY_IN_MIGRATIONS = [
  /^ALTER TABLE "[^"]+" DROP CONSTRAINT "[^"]+"$/,
  /^DROP INDEX "public"\."[^"]+"$/,
  /^ALTER TABLE "[^"]+" ALTER COLUMN "[^"]+" DROP DEFAULT$/,
];
const mismatches = async (dataSource: DataSource): Promise<string[]> =>
  (await dataSource.driver.createSchemaBuilder().log()).upQueries
    .map((q) => q.query)
    .filter((query) => !ONLY_IN_MIGRATIONS.some((allowed) => allowed.test(query)));

interface MigratedService {
  name: string;
  entities: Array<new (...args: never[]) => unknown>;
  migrations: Array<new () => MigrationInterface>;
}

/** The migration checks of one subgraph; each app's migrations.int-spec.ts calls it. */
export function describeMigrations(def: MigratedService): void {
  const name = def.name;
  describe(`${name} migrations`, () => {
    let dataSource: DataSource;
    let url: string;

    beforeAll(async () => {
      url = testDatabaseUrl(uniqueId(`t_schema_${name}`));
      await createMigratedDatabase(def, url);
      dataSource = createDataSource({
        url,
        entities: def.entities,
        migrations: allMigrations(def),
        poolSize: 2,
      }).dataSource;
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      if (url) await dropDatabaseIfExists(url);
    });

    it('match the entities: every table and column with its type and nullability', async () => {
      expect(await mismatches(dataSource)).toEqual([]);
    });

    it('would show a column the migrations lack (the check is not blind)', async () => {
      const probe = new URL(url);
      probe.pathname = `/${uniqueId(`t_probe_${name}`)}`;
      await createMigratedDatabase(def, probe.toString());
      const { dataSource: copy } = createDataSource({
        url: probe.toString(),
        entities: def.entities,
        migrations: [],
        poolSize: 1,
      });
      await copy.initialize();
      try {
        const table = copy.entityMetadatas[0];
        const column = table.columns.find((c) => !c.isPrimary) ?? table.columns[0];
        await copy.query(`ALTER TABLE "${table.tableName}" DROP COLUMN "${column.databaseName}" CASCADE`);
        expect((await mismatches(copy)).join('\n')).toContain(
          `ALTER TABLE "${table.tableName}" ADD "${column.databaseName}"`,
        );
      } finally {
        await copy.destroy();
        await dropDatabaseIfExists(probe.toString());
      }
    });

    it('each have a down() that runs, newest first, leaving only the migrations table', async () => {
      const count = allMigrations(def).length;
      for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables: Array<{ table_name: string }> = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(['migrations']);
      const applied: Array<{ n: string }> = await dataSource.query('SELECT count(*) AS n FROM migrations');
      expect(Number(applied[0].n)).toBe(0);
    });
  });
}
