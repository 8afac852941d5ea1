import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, dropDatabaseIfExists, ensureDatabaseExists } from '@platform/db';
import type { EventEnvelope, EventPayloadInput } from '@platform/events';
import { activeTraceIds, createLogger, createMetrics, type ServiceMetrics } from '@platform/observability';
import { messagingMigrations } from '../migrations';
import type { ChunkScope } from '../event-consumer';
import { Messaging, type MessagingOptions } from '../messaging';

/**
 * A toy producer → Kafka → consumer pipeline for the messaging fault tests and the benchmark:
 * "project-delivery" publishes TimeLogged through its outbox, "accounting" counts minutes per
 * engagement in a `tally` projection guarded by its inbox, and logs every application in
 * `applied_log` so tests can check order and the absence of double application.
 */

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export const uniqueId = (): string => randomBytes(4).toString('hex');

export function databaseUrl(name: string): string {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  const user = process.env.PGUSER ?? 'postgres';
  return `postgres://${user}@${host}:${port}/${name}`;
}

export class CreateTally1767225700000 implements MigrationInterface {
  name = 'CreateTally1767225700000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tally (engagement_id uuid PRIMARY KEY, minutes bigint NOT NULL, entries int NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE applied_log (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        engagement_id uuid NOT NULL,
        minutes int NOT NULL,
        trace_id text,
        occurred_at timestamptz NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE applied_log');
    await queryRunner.query('DROP TABLE tally');
  }
}

export interface ServiceSide {
  name: string;
  url: string;
  dataSource: DataSource;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

export async function createSide(
  label: string,
  extraMigrations: Array<new () => MigrationInterface> = [],
  poolSize = 10,
): Promise<ServiceSide> {
  const name = `t_msg_${label}_${uniqueId()}`;
  const url = databaseUrl(name);
  await ensureDatabaseExists(url);
  const { dataSource } = createDataSource({
    url,
    entities: [],
    migrations: [...messagingMigrations, ...extraMigrations],
    poolSize,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    name,
    url,
    dataSource,
    metrics: createMetrics(label, false),
    close: async () => {
      await dataSource.destroy();
      await dropDatabaseIfExists(url);
    },
  };
}

export const testLogger = (name: string) => createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent');

export type TallyHandlerHook = (
  event: EventEnvelope<'TimeLogged'>,
  chunk: ChunkScope,
) => void | Promise<void>;

/** The projection: minutes per engagement, one applied_log row per application. */
export function tallyHandlers(hook?: TallyHandlerHook): MessagingOptions['handlers'] {
  return {
    TimeLogged: async (event, manager, chunk) => {
      await hook?.(event, chunk);
      const { engagementId, minutes } = event.payload;
      await manager.query(
        `INSERT INTO tally (engagement_id, minutes, entries) VALUES ($1, $2, 1)
         ON CONFLICT (engagement_id) DO UPDATE SET minutes = tally.minutes + $2, entries = tally.entries + 1`,
        [engagementId, minutes],
      );
      await manager.query(
        `INSERT INTO applied_log (event_id, engagement_id, minutes, trace_id, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
        [event.id, engagementId, minutes, activeTraceIds().trace_id ?? null, event.occurredAt],
      );
    },
  };
}

export interface PipelineOptions {
  brokers?: string[];
  topicPrefix: string;
  partitions?: number;
}

export function producerMessaging(
  side: ServiceSide,
  opts: PipelineOptions & { relay?: MessagingOptions['relay'] },
): Messaging {
  return new Messaging({
    service: 'project-delivery',
    brokers: opts.brokers ?? KAFKA_BROKERS,
    topicPrefix: opts.topicPrefix,
    partitions: opts.partitions ?? 3,
    dataSource: side.dataSource,
    databaseUrl: side.url,
    metrics: side.metrics,
    logger: testLogger('project-delivery'),
    handlers: {},
    relay: { pollIntervalMs: 200, ...opts.relay },
  });
}

export function consumerMessaging(
  side: ServiceSide,
  opts: PipelineOptions & {
    consumer?: MessagingOptions['consumer'];
    hook?: TallyHandlerHook;
    metrics?: ServiceMetrics;
  },
): Messaging {
  return new Messaging({
    service: 'accounting',
    brokers: opts.brokers ?? KAFKA_BROKERS,
    topicPrefix: opts.topicPrefix,
    partitions: opts.partitions ?? 3,
    dataSource: side.dataSource,
    databaseUrl: side.url,
    metrics: opts.metrics ?? side.metrics,
    logger: testLogger('accounting'),
    handlers: tallyHandlers(opts.hook),
    relay: { enabled: false },
    consumer: opts.consumer,
  });
}

export function timeLogged(engagementId: string, minutes: number): EventPayloadInput<'TimeLogged'> {
  return {
    entryId: randomUUID(),
    engagementId,
    projectId: '1b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    memberId: '2b0d2c4e-6a43-4b1c-9d0e-1f2a3b4c5d6e',
    date: '2026-03-02',
    minutes,
    billable: true,
    loggedAt: '2026-03-02T10:00:00.000Z',
  };
}

/** Commits one transaction that logs each (engagement, minutes) entry through the outbox. */
export async function logTime(
  side: ServiceSide,
  messaging: Messaging,
  entries: Array<[engagementId: string, minutes: number]>,
): Promise<EventEnvelope<'TimeLogged'>[]> {
  return side.dataSource.transaction((manager: EntityManager) => publishAll(manager, messaging, entries));
}

export async function publishAll(
  manager: EntityManager,
  messaging: Messaging,
  entries: Array<[engagementId: string, minutes: number]>,
): Promise<EventEnvelope<'TimeLogged'>[]> {
  const events: EventEnvelope<'TimeLogged'>[] = [];
  for (const [engagementId, minutes] of entries) {
    events.push(await messaging.outbox.publish(manager, 'TimeLogged', timeLogged(engagementId, minutes)));
  }
  return events;
}

/** Minutes per engagement in the projection. */
export async function tally(side: ServiceSide): Promise<Record<string, number>> {
  const rows: Array<{ engagement_id: string; minutes: string }> = await side.dataSource.query(
    'SELECT engagement_id, minutes FROM tally ORDER BY engagement_id',
  );
  return Object.fromEntries(rows.map((row) => [row.engagement_id, Number(row.minutes)]));
}

export async function tallyOf(side: ServiceSide, engagementId: string): Promise<number | undefined> {
  return (await tally(side))[engagementId];
}

/** Minutes applied for one engagement, in application order. */
export async function appliedSequence(side: ServiceSide, engagementId: string): Promise<number[]> {
  const rows: Array<{ minutes: number }> = await side.dataSource.query(
    'SELECT minutes FROM applied_log WHERE engagement_id = $1 ORDER BY id',
    [engagementId],
  );
  return rows.map((row) => row.minutes);
}

export async function count(side: ServiceSide, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: string }> = await side.dataSource.query(sql, params);
  return Number(rows[0].n);
}

/** Sum of a counter's values matching `labels`. */
export async function counterValue(
  metrics: ServiceMetrics,
  name: 'eventsConsumed' | 'eventsPublished' | 'dlqMessages',
  labels: Record<string, string> = {},
): Promise<number> {
  const { values } = await metrics[name].get();
  return values
    .filter((v) =>
      Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want),
    )
    .reduce((sum, v) => sum + v.value, 0);
}
