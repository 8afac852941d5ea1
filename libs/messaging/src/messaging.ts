import type { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import { SUBGRAPHS } from '@platform/infra';
import { TOPICS, dlqTopic, topicOf, type EventType, type Producer } from '@platform/events';
import type { Logger, ServiceMetrics } from '@platform/observability';
import { EventConsumer, type ChunkCommittedInfo, type EventHandlers } from './event-consumer';
import { ensureTopics } from '@platform/infra';
import { createKafka, errorMessage, sleep } from './kafka-client';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

export interface MessagingOptions {
  /** Service name, e.g. 'accounting'; the consumer group id is `${topicPrefix}${service}`. */
  service: string;
  brokers: string[];
  /** '' in production; tests use a unique prefix such as 't3f9a.' so files never share topics. */
  topicPrefix: string;
  /** Partitions of the topics this service creates (its own topic and the dead-letter topics). */
  partitions: number;
  /** The service's TypeORM DataSource, already initialized. */
  dataSource: DataSource;
  /** For the relay's dedicated connection (LISTEN outbox and the relay lock). */
  databaseUrl: string;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Events this service consumes; it subscribes to the topics of their producers. */
  handlers: EventHandlers;
  relay?: {
    batchSize?: number;
    enabled?: boolean;
    /** Fallback poll when no NOTIFY arrives (default 1 s). */
    pollIntervalMs?: number;
    /** Sent rows older than this are purged (default 7 days). */
    retentionMs?: number;
  };
  consumer?: {
    enabled?: boolean;
    /** Attempts of a failing event, each in its own transaction, before it is dead-lettered (default 3). */
    maxAttempts?: number;
    /** Where a new consumer group starts (default true: a new projection is built from the whole history). */
    fromBeginning?: boolean;
    /** Messages applied per database transaction (default 500). */
    chunkSize?: number;
    /** Partitions processed at once, each with its own transaction (default 4). */
    partitionsConsumedConcurrently?: number;
    /** A fetch waits for this many bytes (default 1: answer as soon as anything is there)... */
    fetchMinBytes?: number;
    /** ...or this long, whichever comes first (default 250 ms). */
    fetchMaxWaitMs?: number;
    /** Test seam, see EventConsumerOptions.afterDatabaseCommit. */
    afterDatabaseCommit?: (info: ChunkCommittedInfo) => Promise<void> | void;
  };
  /** Overrides the producer whose topic this service owns when its name is not one of TOPICS. */
  producer?: Producer;
}

const isProducer = (topic: string): topic is Producer => topic in TOPICS;

/** A service's own topic, from the service manifest (`delivery` is also accepted for project-delivery). */
const SERVICE_PRODUCERS: Record<string, Producer> = Object.fromEntries(
  SUBGRAPHS.flatMap((s) =>
    isProducer(s.topic)
      ? [
          [s.name, s.topic],
          [s.topic, s.topic],
        ]
      : [],
  ),
);

/**
 * Everything a service needs from Kafka: the outbox it writes to, the relay that publishes it,
 * and the consumer that applies other services' events through the inbox.
 */
export class Messaging {
  readonly outbox: Outbox;
  private readonly kafka: Kafka;
  private readonly relay: OutboxRelay | null;
  private readonly consumer: EventConsumer | null;
  private readonly topics: { own: string | null; subscribed: string[] };
  private admin: Admin | null = null;
  private started = false;

  constructor(private readonly opts: MessagingOptions) {
    this.outbox = new Outbox({ source: opts.service });
    this.kafka = createKafka({
      brokers: opts.brokers,
      clientId: `${opts.topicPrefix}${opts.service}`,
      logger: opts.logger,
    });
    const producer = opts.producer ?? SERVICE_PRODUCERS[opts.service];
    const subscribed = [
      ...new Set(
        (Object.keys(opts.handlers) as EventType[])
          .filter((type) => opts.handlers[type])
          .map((type) => topicOf(type, opts.topicPrefix)),
      ),
    ].sort();
    this.topics = { own: producer ? `${opts.topicPrefix}${TOPICS[producer]}` : null, subscribed };

    this.relay =
      opts.relay?.enabled === false
        ? null
        : new OutboxRelay({
            kafka: this.kafka,
            brokers: opts.brokers,
            databaseUrl: opts.databaseUrl,
            topicPrefix: opts.topicPrefix,
            partitions: opts.partitions,
            metrics: opts.metrics,
            logger: opts.logger.child({ component: 'outbox-relay' }),
            batchSize: opts.relay?.batchSize,
            pollIntervalMs: opts.relay?.pollIntervalMs,
            retentionMs: opts.relay?.retentionMs,
          });

    this.consumer =
      opts.consumer?.enabled === false || subscribed.length === 0
        ? null
        : new EventConsumer({
            kafka: this.kafka,
            service: opts.service,
            groupId: `${opts.topicPrefix}${opts.service}`,
            topics: subscribed,
            dlqTopics: subscribed.map(dlqTopic),
            brokers: opts.brokers,
            partitions: opts.partitions,
            dataSource: opts.dataSource,
            handlers: opts.handlers,
            metrics: opts.metrics,
            logger: opts.logger.child({ component: 'event-consumer' }),
            maxAttempts: opts.consumer?.maxAttempts ?? 3,
            fromBeginning: opts.consumer?.fromBeginning ?? true,
            chunkSize: opts.consumer?.chunkSize ?? 500,
            partitionsConsumedConcurrently: opts.consumer?.partitionsConsumedConcurrently ?? 4,
            fetchMinBytes: opts.consumer?.fetchMinBytes ?? 1,
            fetchMaxWaitMs: opts.consumer?.fetchMaxWaitMs ?? 250,
            afterDatabaseCommit: opts.consumer?.afterDatabaseCommit,
          });
  }

  /**
   * Creates the topics, starts the relay and joins the consumer group. A broker that is down
   * does not fail the start: the relay and the consumer keep retrying, and ready() says so.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // The consumer creates the topics it reads (and their dead-letter topics) itself, and the
    // relay creates any topic it has not seen before sending, so a failure here is only logged.
    if (this.topics.own) {
      await ensureTopics({
        brokers: this.opts.brokers,
        topics: [this.topics.own, dlqTopic(this.topics.own)],
        partitions: this.opts.partitions,
        timeoutMs: 10_000,
      }).catch((error: unknown) =>
        this.opts.logger.warn({ err: errorMessage(error) }, 'could not create Kafka topics yet; will retry'),
      );
    }
    this.relay?.start();
    await this.consumer?.start();
  }

  /** Finishes the batch in hand (relay and consumer), commits offsets and disconnects. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all([this.consumer?.stop(), this.relay?.stop()]);
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }

  /** True while this instance's relay holds the relay lock of its database (the others stand by). */
  get relayActive(): boolean {
    return this.relay?.isLeader ?? false;
  }

  /** Throws when no broker answers (GET /ready). */
  async ready(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.describeCluster(), timeout]);
    } catch (error) {
      const admin = this.admin;
      this.admin = null;
      await admin?.disconnect().catch(() => undefined);
      throw new Error(`Kafka at ${this.opts.brokers.join(',')} is unreachable: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async describeCluster(): Promise<void> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin;
      await admin.connect();
    }
    await this.admin.describeCluster();
  }

  /** Resolves when no unsent outbox rows remain, whichever replica's relay sent them. */
  async drainOutbox(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.relay?.wake();
      const rows: Array<{ n: string }> = await this.opts.dataSource.query(
        'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
      );
      const pending = Number(rows[0].n);
      if (pending === 0) return;
      if (Date.now() >= deadline) {
        throw new Error(`drainOutbox: ${pending} outbox rows still unsent after ${timeoutMs} ms`);
      }
      await sleep(25);
    }
  }
}
