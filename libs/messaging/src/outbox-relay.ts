import { setTimeout as delay } from 'node:timers/promises';
import { Client, type Notification } from 'pg';
import {
  CompressionTypes,
  Partitioners,
  type IHeaders,
  type Kafka,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  activeTraceparent,
  contextFromHeaders,
  type Logger,
  type ServiceMetrics,
} from '@platform/observability';
import { ensureTopics } from '@platform/infra';
import { errorMessage } from './kafka-client';

export interface OutboxRelayOptions {
  kafka: Kafka;
  brokers: string[];
  databaseUrl: string;
  topicPrefix: string;
  partitions: number;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Rows claimed and published per transaction. */
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (a lost notification must not strand an event). */
  pollIntervalMs?: number;
  /** How often a standby relay tries to take over the advisory lock. */
  standbyPollMs?: number;
  maxBackoffMs?: number;
  /** Sent rows older than this are purged. */
  retentionMs?: number;
  purgeIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  version: number;
  event_id: string;
  source: string;
  envelope: string;
  traceparent: string | null;
}

// One relay per service database: every replica runs a relay, the one holding this session
// lock publishes and the others wait. Per-key order depends on a single publisher.
const RELAY_LOCK_SQL = `SELECT pg_try_advisory_lock(hashtext('platform:outbox-relay')) AS locked`;

// Claims and marks in one statement; the mark only becomes visible if the transaction commits,
// which happens after Kafka acknowledged the batch. RETURNING has no order, hence the sort.
const CLAIM_SQL = `
  WITH claimed AS (
    SELECT id FROM outbox
     WHERE sent_at IS NULL
     ORDER BY id
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox o
     SET sent_at = now(), attempts = o.attempts + 1
    FROM claimed
   WHERE o.id = claimed.id
  RETURNING o.id, o.topic, o.key, o.type, o.version, o.event_id, o.envelope->>'source' AS source,
            o.envelope::text AS envelope, o.traceparent`;

const PURGE_CHUNK = 5000;

/**
 * Publishes outbox rows to Kafka. Pending rows are claimed with `FOR UPDATE SKIP LOCKED` in id
 * order (never "after the last id seen": a transaction that took a lower id can commit later,
 * and would be skipped), sent in one batch, and marked sent in the transaction that claimed
 * them. If the broker is down the transaction rolls back and the relay backs off; user
 * transactions only insert rows, so they never wait on it.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly standbyPollMs: number;
  private readonly maxBackoffMs: number;
  private readonly retentionMs: number;
  private readonly purgeIntervalMs: number;

  private running = false;
  private stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private client: Client | null = null;
  private leader = false;
  private producer: Producer | null = null;
  private readonly knownTopics = new Set<string>();
  private notified = false;
  private wakeUp: (() => void) | null = null;
  private lastPurge = 0;
  private lastBacklogUpdate = 0;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.standbyPollMs = opts.standbyPollMs ?? 2000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.purgeIntervalMs = opts.purgeIntervalMs ?? 10 * 60 * 1000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  /** Finishes the batch in hand, releases the lock and disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping.abort();
    this.wake();
    await this.loop;
    this.loop = null;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
    await this.closeClient();
  }

  /** Makes the relay look for work now instead of at its next poll. */
  wake(): void {
    this.notified = true;
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const client = await this.connect();
        if (!this.leader) {
          const { rows } = await client.query<{ locked: boolean }>(RELAY_LOCK_SQL);
          this.leader = rows[0].locked;
          if (!this.leader) {
            await this.idle(this.standbyPollMs);
            continue;
          }
          this.opts.logger.info('outbox relay active (holds the relay lock)');
        }
        await this.purgeIfDue(client);
        const published = await this.publishBatch(client);
        failures = 0;
        await this.updateBacklogIfDue(published > 0);
        if (published < this.batchSize) await this.idle(this.pollIntervalMs);
      } catch (error) {
        failures += 1;
        const backoff = Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        this.opts.logger.warn(
          { err: errorMessage(error), failures, backoffMs: backoff },
          'outbox relay retrying',
        );
        await this.dropProducer();
        await this.pause(backoff);
      }
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.opts.databaseUrl, application_name: 'outbox-relay' });
    // A dropped connection also drops the advisory lock and the LISTEN: start over as a standby.
    client.on('error', (error) => {
      this.opts.logger.warn({ err: error.message }, 'outbox relay lost its database connection');
      if (this.client === client) this.forgetClient();
    });
    client.on('end', () => {
      if (this.client === client) this.forgetClient();
    });
    client.on('notification', (message: Notification) => {
      if (message.channel === 'outbox') this.wake();
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private forgetClient(): void {
    this.client = null;
    this.leader = false;
    this.wake();
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }

  private async publishBatch(client: Client): Promise<number> {
    // Losing this commit in a database crash only means publishing the batch again, which the
    // consumers' inbox absorbs, so it need not wait for its WAL flush.
    await client.query('BEGIN; SET LOCAL synchronous_commit = off');
    let rows: OutboxRow[] = [];
    try {
      rows = (await client.query<OutboxRow>(CLAIM_SQL, [this.batchSize])).rows;
      rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      if (rows.length > 0) await this.send(rows);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (rows.length > 0) {
        // Visible to operators: rows that keep failing stand out by their attempts.
        await client
          .query('UPDATE outbox SET attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [
            rows.map((r) => r.id),
          ])
          .catch(() => undefined);
      }
      throw error;
    }
    const byType = new Map<string, number>();
    for (const row of rows) byType.set(row.type, (byType.get(row.type) ?? 0) + 1);
    for (const [type, n] of byType) this.opts.metrics.eventsPublished.inc({ type }, n);
    return rows.length;
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const spans: Span[] = [];
    try {
      await this.sendBatch(rows, spans);
    } catch (error) {
      for (const span of spans) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      }
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /**
   * A row written under a trace gets a `send <topic>` span, child of the writer's outbox span,
   * whose context rides on the message's `traceparent` header to the consumers.
   */
  private traceRow(row: OutboxRow, topic: string, headers: IHeaders, spans: Span[]): void {
    const parent = contextFromHeaders({ traceparent: row.traceparent });
    if (!parent) {
      // Tracing is off here: pass the writer's context on untouched.
      if (row.traceparent) headers.traceparent = row.traceparent;
      return;
    }
    const span = tracer().startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': topic,
          'messaging.kafka.message.key': row.key,
          'messaging.message.id': row.event_id,
          'platform.event.type': row.type,
        },
      },
      parent,
    );
    spans.push(span);
    const traceparent = activeTraceparent(trace.setSpan(parent, span));
    if (traceparent) headers.traceparent = traceparent;
  }

  private async sendBatch(rows: OutboxRow[], spans: Span[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const row of rows) {
      const topic = `${this.opts.topicPrefix}${row.topic}`;
      let entry = byTopic.get(topic);
      if (!entry) {
        entry = { topic, messages: [] };
        byTopic.set(topic, entry);
      }
      const headers: IHeaders = {
        type: row.type,
        version: String(row.version),
        'event-id': row.event_id,
        source: row.source,
      };
      this.traceRow(row, topic, headers, spans);
      entry.messages.push({ key: row.key, value: row.envelope, headers });
    }
    const unknown = [...byTopic.keys()].filter((topic) => !this.knownTopics.has(topic));
    if (unknown.length > 0) {
      await ensureTopics({ brokers: this.opts.brokers, topics: unknown, partitions: this.opts.partitions });
      for (const topic of unknown) this.knownTopics.add(topic);
    }
    const producer = await this.getProducer();
    // One sendBatch per claimed batch, rows in id order: kafkajs keeps the order within each
    // partition, and the idempotent producer (one request in flight) keeps it across retries.
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic.values()],
    });
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.opts.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // Fail fast to the relay's own backoff instead of retrying for minutes inside kafkajs.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  /**
   * After a failed send the producer's sequence numbers may disagree with the broker's, and the
   * next batch will not match the failed one; a fresh producer id avoids OUT_OF_ORDER_SEQUENCE
   * errors. Rows that did reach the broker are sent again, which the consumers' inbox absorbs.
   */
  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async purgeIfDue(client: Client): Promise<void> {
    if (Date.now() - this.lastPurge < this.purgeIntervalMs) return;
    this.lastPurge = Date.now();
    let purged = 0;
    for (;;) {
      // By creation time (BRIN-indexed, nearly free to maintain), and only rows already sent.
      const result = await client.query(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox
            WHERE created_at < now() - make_interval(secs => $1) AND sent_at IS NOT NULL
            LIMIT $2)`,
        [this.retentionMs / 1000, PURGE_CHUNK],
      );
      purged += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < PURGE_CHUNK || !this.running) break;
    }
    if (purged > 0) this.opts.logger.info({ purged }, 'purged sent outbox rows');
  }

  private async updateBacklogIfDue(busy: boolean): Promise<void> {
    if (busy && Date.now() - this.lastBacklogUpdate < 1000) return;
    const client = this.client;
    if (!client) return;
    this.lastBacklogUpdate = Date.now();
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
    );
    this.opts.metrics.outboxBacklog.set(Number(rows[0].n));
  }

  /** Waits for a NOTIFY, a wake() or the timeout. */
  private idle(ms: number): Promise<void> {
    if (this.notified || !this.running) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }

  /** Backoff that only stop() cuts short: notifications during an outage must not spin the loop. */
  private pause(ms: number): Promise<void> {
    return delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}

const tracer = () => trace.getTracer('@platform/messaging');
