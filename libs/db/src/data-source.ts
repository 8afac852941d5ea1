import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntitySchema, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';
import type { Logger } from '@platform/observability';

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type MigrationList = MixedList<string | (new () => unknown)>;

/** The statements one unit of work (a GraphQL request, a measurement) sent. */
export interface StatementTally {
  statements: number;
}

/**
 * The tally of the unit of work the current async context belongs to. TypeORM calls the logger
 * synchronously from the query runner's `query()`, in the caller's async context, so a
 * statement counts for the request that sent it, never for one that runs at the same time
 * (a process-wide counter read before and after a request counted its neighbours' statements
 * too, and the consumer's and relay's).
 */
const currentTally = new AsyncLocalStorage<StatementTally>();

/**
 * Counts SQL statements and sends database errors to the service log (it never prints queries
 * themselves). `count` and `onQuery` are process-wide (the `db_queries_total` metric); `track`
 * counts one request's own statements, `measure` what a test's calls cost.
 */
export class QueryCounter {
  /** Every statement of the process, whatever sent it. */
  count = 0;
  /** Tallies of requests that finished while a measurement was open, by request id. */
  private readonly finished = new Map<string, number>();
  private measuring = 0;

  constructor(
    private readonly logger?: Logger,
    private readonly onQuery?: () => void,
  ) {}

  private counted(): void {
    this.count += 1;
    const tally = currentTally.getStore();
    if (tally) tally.statements += 1;
    this.onQuery?.();
  }

  /** TypeORM's logger: a statement about to be sent. */
  readonly typeorm: TypeOrmLogger = {
    logQuery: () => this.counted(),
    logQueryError: (error: string | Error, query: string) => {
      this.counted();
      this.logger?.debug({ err: error, query: query.slice(0, 500) }, 'query failed');
    },
    logQuerySlow: (time: number, query: string) => {
      this.logger?.warn({ ms: time, query: query.slice(0, 500) }, 'slow query');
    },
    logSchemaBuild: () => undefined,
    logMigration: (message: string) => this.logger?.info(message),
    log: (level: 'log' | 'info' | 'warn', message: unknown) => {
      if (level === 'warn') this.logger?.warn({ message }, 'typeorm');
    },
  };

  /**
   * Runs one request in its own tally: the statements sent from its async context (its
   * resolvers, loaders and transactions), and only those. The subgraph server runs each
   * GraphQL request's execution through this.
   */
  async track<T>(requestId: string, run: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const tally: StatementTally = { statements: 0 };
    const result = await currentTally.run(tally, run);
    // Kept only while a test measures, for `claim` (a production process keeps nothing).
    if (this.measuring > 0) this.finished.set(requestId, tally.statements);
    return { result, statements: tally.statements };
  }

  /**
   * Adds the statements of the finished request `requestId` to the measurement the caller runs
   * in: a test client calls it once the response arrived (the request ran in the server's async
   * context, not the caller's, so only its id links the two).
   */
  claim(requestId: string): void {
    const statements = this.finished.get(requestId);
    this.finished.delete(requestId);
    const tally = currentTally.getStore();
    if (tally && statements !== undefined) tally.statements += statements;
  }

  /**
   * Statements `fn` caused: those it sent itself plus those of the requests it made and claimed
   * (test clients claim theirs), whatever else the process runs meanwhile (consumers, the relay,
   * other requests).
   */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const tally: StatementTally = { statements: 0 };
    this.measuring += 1;
    try {
      const result = await currentTally.run(tally, fn);
      return { result, queries: tally.statements };
    } finally {
      this.measuring -= 1;
      if (this.measuring === 0) this.finished.clear();
    }
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
    logger: queries.typeorm,
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
