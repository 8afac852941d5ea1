import 'reflect-metadata';
import { DataSource, type EntitySchema, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';
import type { Logger } from '@platform/observability';

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type MigrationList = MixedList<string | (new () => unknown)>;

/**
 * Counts SQL statements (for the "no N+1" tests and the /metrics counter) and sends
 * database errors to the service log. It never prints queries themselves.
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  constructor(
    private readonly logger?: Logger,
    private readonly onQuery?: () => void,
  ) {}
  logQuery(): void {
    this.count += 1;
    this.onQuery?.();
  }
  logQueryError(error: string | Error, query: string): void {
    this.count += 1;
    this.onQuery?.();
    this.logger?.debug({ err: error, query: query.slice(0, 500) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger?.warn({ ms: time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ message }, 'typeorm');
  }
  /** Statements run while `fn` executes (process-wide; use in tests that own the service). */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const before = this.count;
    const result = await fn();
    return { result, queries: this.count - before };
  }
}

export interface DataSourceOptions {
  url: string;
  entities: EntityList;
  migrations: MigrationList;
  poolSize?: number;
  logger?: Logger;
  applicationName?: string;
  /** Called for every SQL statement (e.g. to increment a metrics counter). */
  onQuery?: () => void;
}

export function createDataSource(options: DataSourceOptions): {
  dataSource: DataSource;
  queries: QueryCounter;
} {
  const queries = new QueryCounter(options.logger, options.onQuery);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema changes happen only through migrations.
    synchronize: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: queries,
    maxQueryExecutionTime: 1000,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  });
  return { dataSource, queries };
}

/** Pool figures for the metrics gauge; node-postgres exposes them on the pool. */
export function poolStats(dataSource: DataSource): { total: number; idle: number; waiting: number } {
  const driver = dataSource.driver as unknown as {
    master?: { totalCount: number; idleCount: number; waitingCount: number };
  };
  const pool = driver.master;
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}
