import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource, MigrationInterface } from 'typeorm';
import { z } from 'zod';
import { assertProductionSecrets, loadConfig, shutdownEnv, subgraphEnv } from '@platform/config';
import { createDataSource, ensureDatabaseExists, poolStats, type QueryCounter } from '@platform/db';
import {
  createDrain,
  drainingCheck,
  startSubgraphServer,
  stopOnSignals,
  type Identity,
  type ReadinessCheck,
  type RequestContext,
} from '@platform/graphql-kit';
import { Messaging, Outbox, messagingMigrations, type EventHandlers } from '@platform/messaging';
import { createLogger, createMetrics, type Logger, type ServiceMetrics } from '@platform/observability';

/**
 * What orchestrators read from /ready besides the dependencies: a bound on the consumer's lag
 * (messages behind the partition ends, summed over the partitions this instance consumes; 0 turns
 * the check off) and, as in the gateway, how long a stopping instance keeps serving while it
 * reports not ready (SHUTDOWN_DRAIN_MS).
 */
export const readinessEnv = {
  READY_MAX_CONSUMER_LAG: z.coerce.number().int().min(0).default(10_000),
  ...shutdownEnv,
};

type SubgraphConfig = z.infer<ReturnType<typeof subgraphEnv>> & {
  [K in keyof typeof readinessEnv]: z.infer<(typeof readinessEnv)[K]>;
};
type EntityClass = new (...args: never[]) => unknown;

/** What a service's resolvers, domain and consumers are handed. */
export interface ServiceDeps<TEnv extends z.ZodRawShape = z.ZodRawShape> {
  config: SubgraphConfig & z.infer<z.ZodObject<TEnv>>;
  dataSource: DataSource;
  outbox: Outbox;
  queries: QueryCounter;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** Everything that makes one subgraph service; `apps/<name>/src/service.ts` exports one of these. */
export interface ServiceDefinition<
  TContext extends RequestContext,
  TEnv extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  defaultPort: number;
  defaultDatabase: string;
  /** Extra environment variables of this service, validated with the common ones. */
  env?: TEnv;
  schemaPath: string;
  entities: EntityClass[];
  migrations: Array<new () => MigrationInterface>;
  resolvers: GraphQLResolverMap<TContext>;
  buildContext: (base: RequestContext, deps: ServiceDeps<TEnv>) => TContext;
  handlers?: (deps: ServiceDeps<TEnv>) => EventHandlers;
  routes?: (
    deps: ServiceDeps<TEnv>,
  ) => (req: IncomingMessage, res: ServerResponse, identity: Identity) => Promise<boolean>;
  /**
   * Work repeated on a timer by the instances that process events (EVENTS_ENABLED), never two
   * runs of one job at once in a process; a job shared by several instances takes its own lock.
   */
  jobs?: (deps: ServiceDeps<TEnv>) => BackgroundJob[];
}

export interface BackgroundJob {
  name: string;
  /** Time between the end of one run and the start of the next; 0 turns the job off. */
  intervalMs: number;
  run: () => Promise<void>;
}

/** Time for the job scheduler: the real timers by default, a manual clock in tests. */
export interface SchedulerClock {
  now(): number;
  /** Calls `run` once after `ms`; the returned function cancels it. */
  schedule(run: () => void, ms: number): () => void;
}

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  schedule: (run, ms) => {
    const timer = setTimeout(run, ms);
    // A pending job never keeps the process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Runs each job every intervalMs (first run after one interval); stop() waits for a run in progress. */
export function scheduleJobs(
  jobs: readonly BackgroundJob[],
  logger: Logger,
  clock: SchedulerClock = realClock,
): { stop: () => Promise<void> } {
  let stopped = false;
  const pending = new Set<() => void>();
  const running = new Set<Promise<void>>();
  const plan = (job: BackgroundJob) => {
    if (stopped || job.intervalMs <= 0) return;
    const cancel = clock.schedule(() => {
      pending.delete(cancel);
      const started = clock.now();
      const run = job
        .run()
        .then(() => logger.debug({ job: job.name, ms: clock.now() - started }, 'background job done'))
        .catch((error: unknown) =>
          logger.error(
            { job: job.name, err: (error as Error)?.message ?? String(error) },
            'background job failed',
          ),
        )
        .finally(() => {
          running.delete(run);
          plan(job);
        });
      running.add(run);
    }, job.intervalMs);
    pending.add(cancel);
  };
  for (const job of jobs) plan(job);
  return {
    stop: async () => {
      stopped = true;
      for (const cancel of pending) cancel();
      pending.clear();
      await Promise.all(running);
    },
  };
}

export interface RunningService<TEnv extends z.ZodRawShape = z.ZodRawShape> extends ServiceDeps<TEnv> {
  url: string;
  port: number;
  /** `GET /metrics`, on METRICS_HOST:METRICS_PORT. */
  metricsUrl: string;
  messaging: Messaging;
  /** True from the start of stop(): /ready answers 503 while requests in flight finish. */
  draining: () => boolean;
  stop: () => Promise<void>;
}

/** Messages this instance's consumer is behind, summed over its partitions (kafka_consumer_lag). */
export async function consumerLag(metrics: ServiceMetrics): Promise<number> {
  const { values } = await metrics.consumerLag.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/** The readiness checks a service adds to its dependencies': draining and consumer lag. */
export function serviceReadiness(opts: {
  draining: () => boolean;
  lag: () => Promise<number>;
  maxLag: number;
}): ReadinessCheck[] {
  return [
    drainingCheck(opts.draining),
    {
      name: 'consumer lag',
      check: async () => {
        if (opts.maxLag <= 0) return;
        const lag = await opts.lag();
        if (lag > opts.maxLag)
          throw new Error(`${lag} messages behind (READY_MAX_CONSUMER_LAG ${opts.maxLag})`);
      },
    },
  ];
}

export function serviceConfigSchema<TEnv extends z.ZodRawShape>(def: {
  name: string;
  defaultPort: number;
  defaultDatabase: string;
  env?: TEnv;
}) {
  return subgraphEnv({ name: def.name, port: def.defaultPort, database: def.defaultDatabase })
    .extend(readinessEnv)
    .extend((def.env ?? {}) as TEnv);
}

export function allMigrations(def: { migrations: Array<new () => MigrationInterface> }) {
  return [...messagingMigrations, ...def.migrations];
}

/** Validated configuration of a service from `env` (defaults for local development). */
export function loadServiceConfig<TEnv extends z.ZodRawShape>(
  def: { name: string; defaultPort: number; defaultDatabase: string; env?: TEnv },
  env: NodeJS.ProcessEnv = process.env,
): ServiceDeps<TEnv>['config'] {
  const config = loadConfig(serviceConfigSchema(def), env) as ServiceDeps<TEnv>['config'];
  assertProductionSecrets(config);
  return config;
}

/**
 * Starts a subgraph service: database (migrated only when MIGRATE_ON_START), outbox relay and
 * event consumers, and the HTTP server. `stop()` shuts down in reverse order.
 */
export async function startService<TContext extends RequestContext, TEnv extends z.ZodRawShape>(
  def: ServiceDefinition<TContext, TEnv>,
  config: ServiceDeps<TEnv>['config'],
): Promise<RunningService<TEnv>> {
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const metrics = createMetrics(def.name);
  if (config.MIGRATE_ON_START) await ensureDatabaseExists(config.DATABASE_URL);
  const { dataSource, queries } = createDataSource({
    url: config.DATABASE_URL,
    entities: def.entities,
    migrations: allMigrations(def),
    poolSize: config.DATABASE_POOL_SIZE,
    logger,
    applicationName: def.name,
    onQuery: () => metrics.dbQueries.inc(),
  });
  await dataSource.initialize();
  if (config.MIGRATE_ON_START) await dataSource.runMigrations({ transaction: 'each' });

  // The outbox only needs the service name; consumers get it too (they publish follow-up events).
  const outbox = new Outbox({ source: def.name });
  const deps: ServiceDeps<TEnv> = { config, dataSource, outbox, queries, logger, metrics };
  const messaging = new Messaging({
    service: def.name,
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    dataSource,
    databaseUrl: config.DATABASE_URL,
    metrics,
    logger,
    handlers: def.handlers?.(deps) ?? {},
    relay: { enabled: config.EVENTS_ENABLED },
    consumer: {
      enabled: config.EVENTS_ENABLED,
      fetchMinBytes: config.KAFKA_FETCH_MIN_BYTES,
      fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
    },
  });
  await messaging.start();

  const drain = createDrain({ drainMs: config.SHUTDOWN_DRAIN_MS, logger });
  const poolTimer = setInterval(() => {
    const stats = poolStats(dataSource);
    metrics.dbPool.set({ state: 'total' }, stats.total);
    metrics.dbPool.set({ state: 'idle' }, stats.idle);
    metrics.dbPool.set({ state: 'waiting' }, stats.waiting);
  }, 5_000);
  poolTimer.unref();

  const server = await startSubgraphServer<TContext>({
    name: def.name,
    schemaPath: def.schemaPath,
    resolvers: def.resolvers,
    host: config.HOST,
    port: config.PORT,
    metricsHost: config.METRICS_HOST,
    metricsPort: config.METRICS_PORT,
    production: config.NODE_ENV === 'production',
    signingSecret: config.GATEWAY_SIGNING_SECRET,
    signatureMaxAgeSeconds: config.GATEWAY_SIGNATURE_MAX_AGE_SECONDS,
    logger,
    metrics,
    readiness: [
      { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
      { name: 'kafka', check: () => messaging.ready() },
      ...serviceReadiness({
        draining: drain.draining,
        lag: () => consumerLag(metrics),
        maxLag: config.EVENTS_ENABLED ? config.READY_MAX_CONSUMER_LAG : 0,
      }),
    ],
    buildContext: (base) => def.buildContext(base, deps),
    // Each request counts its own SQL statements (db_statements_per_request; tests' measure()).
    runRequest: async (requestId, execute) => {
      const { result, statements } = await queries.track(requestId, execute);
      metrics.requestStatements.observe(statements);
      return result;
    },
    routes: def.routes?.(deps),
  });

  const jobs = scheduleJobs(config.EVENTS_ENABLED ? (def.jobs?.(deps) ?? []) : [], logger);

  return {
    ...deps,
    url: server.url,
    port: server.port,
    metricsUrl: server.metricsUrl,
    messaging,
    draining: drain.draining,
    // Shutdown order (docs/development.md): report not ready and keep serving for
    // SHUTDOWN_DRAIN_MS, close the HTTP server (requests in flight finish), finish the running
    // background jobs, stop the relay and the consumer (a chunk in progress commits first), then
    // close the database pool.
    stop: async () => {
      clearInterval(poolTimer);
      const step = async (name: string, fn: () => Promise<void>) => {
        const started = Date.now();
        await fn();
        logger.debug({ ms: Date.now() - started }, `stopped ${name}`);
      };
      await drain.start();
      await step('http server', () => server.stop());
      await step('background jobs', () => jobs.stop());
      await step('messaging', () => messaging.stop());
      await step('database', () => dataSource.destroy());
    },
  };
}

/** Entry point for `main.ts`: configuration from the environment, graceful shutdown on signals. */
export async function runMain<TContext extends RequestContext, TEnv extends z.ZodRawShape>(
  def: ServiceDefinition<TContext, TEnv>,
): Promise<void> {
  let config: ServiceDeps<TEnv>['config'];
  try {
    config = loadServiceConfig(def);
  } catch (error) {
    process.stderr.write(`${def.name}: ${(error as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const running = await startService(def, config);
  stopOnSignals({ stop: running.stop, graceMs: 15_000 + config.SHUTDOWN_DRAIN_MS, logger: running.logger });
}

/**
 * Entry point for `migrate.ts`: applies (or with `--revert`, reverts the last) migrations of one
 * service. Production runs this as its own step (a Kubernetes Job), never implicitly at start.
 */
export async function migrateMain<TContext extends RequestContext, TEnv extends z.ZodRawShape>(
  def: ServiceDefinition<TContext, TEnv>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const config = loadServiceConfig(def);
  const logger = createLogger(`${def.name}-migrate`, config.LOG_LEVEL);
  if (config.NODE_ENV !== 'production' || argv.includes('--create-database')) {
    await ensureDatabaseExists(config.DATABASE_URL);
  }
  const { dataSource } = createDataSource({
    url: config.DATABASE_URL,
    entities: def.entities,
    migrations: allMigrations(def),
    poolSize: 1,
    logger,
    applicationName: `${def.name}-migrate`,
  });
  await dataSource.initialize();
  try {
    if (argv.includes('--revert')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.info('reverted the last migration');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      logger.info({ applied: applied.map((m) => m.name) }, `${applied.length} migration(s) applied`);
    }
  } finally {
    await dataSource.destroy();
  }
}
