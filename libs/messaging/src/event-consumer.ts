import type { DataSource, EntityManager } from 'typeorm';
import {
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import {
  EVENT_CATALOGUE,
  EventValidationError,
  dlqTopic,
  isEventType,
  parseEvent,
  upcastEvent,
  type AnyVersionEnvelope,
  type EventEnvelope,
  type EventType,
  type EventVersion,
} from '@platform/events';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { contextFromHeaders, type Logger, type ServiceMetrics } from '@platform/observability';
import { ensureTopics } from '@platform/infra';
import { errorMessage, headerString, sleep } from './kafka-client';

/**
 * Work a handler leaves for the end of its chunk: it runs once, in the chunk's transaction, after
 * every handler of the chunk, so that N events cost one set-wise statement instead of N.
 */
export interface DeferredWork<S> {
  /** Handlers naming the same key share one state and one run. */
  key: string;
  /** Lower runs first; a run may defer more work, which then runs in its own order. */
  order: number;
  init: () => S;
  run: (state: S, manager: EntityManager) => Promise<void>;
}

/** Where a consumed message came from. */
interface MessageSource {
  topic: string;
  partition: number;
}

/** The chunk a handler runs in (one database transaction). */
export interface ChunkScope {
  /** The state shared under `work.key` in this chunk, created on first use; `work.run` gets it at the end. */
  defer<S>(work: DeferredWork<S>): S;
  /**
   * Every event this chunk's handlers get, in the order they get them (the inbox let them through):
   * a handler can take, at its first call, the locks the whole chunk needs in one key order, before
   * any write, instead of one event's at a time.
   */
  readonly events: readonly EventEnvelope[];
}

/** Handles a type at its current version; older versions reach it through their upcasters. */
export type EventHandler<
  T extends EventType,
  V extends EventVersion<T> = EventVersion<T> & EventCatalogueVersion<T>,
> = (event: EventEnvelope<T, V>, manager: EntityManager, chunk: ChunkScope) => Promise<void>;
type EventCatalogueVersion<T extends EventType> = (typeof EVENT_CATALOGUE)[T]['version'];

/**
 * Handles a type per version: the consumer names the versions it reads and gets each one's
 * payload typed. A message of a version it does not name is upcast to the nearest newer version
 * it names; one that cannot be (newer than all of them, or no upcaster) goes to the DLQ.
 */
export interface VersionedEventHandler<T extends EventType> {
  versions: { [V in EventVersion<T>]?: EventHandler<T, V> };
}

export type EventHandlers = { [T in EventType]?: EventHandler<T> | VersionedEventHandler<T> };

/** Declares the versions of `type` a consumer reads, with a handler for each. */
export function byVersion<T extends EventType>(
  _type: T,
  versions: NoInfer<VersionedEventHandler<T>['versions']>,
): VersionedEventHandler<T> {
  return { versions };
}

/**
 * Picks the handler for an event as written and brings the event to the version it reads.
 * Throws UNKNOWN_VERSION when this consumer cannot read it.
 */
export function resolveHandler(
  handlers: EventHandlers,
  event: AnyVersionEnvelope,
): { event: EventEnvelope; handle: EventHandler<EventType, EventVersion<EventType>> } | undefined {
  const spec = handlers[event.type] as
    EventHandler<EventType, EventVersion<EventType>> | VersionedEventHandler<EventType> | undefined;
  if (!spec) return undefined;
  if (typeof spec === 'function') {
    const current = EVENT_CATALOGUE[event.type].version;
    return { event: upcastEvent(event, current) as EventEnvelope, handle: spec };
  }
  const accepted = Object.keys(spec.versions)
    .map(Number)
    .filter((v) => spec.versions[v as EventVersion<EventType>])
    .sort((a, b) => a - b);
  const target = accepted.find((v) => v >= event.version);
  if (target === undefined) {
    throw new EventValidationError(
      'UNKNOWN_VERSION',
      `${event.type} v${event.version} is not read by this consumer (it reads v${accepted.join(', v')})`,
    );
  }
  const handle = spec.versions[target as EventVersion<EventType>] as EventHandler<
    EventType,
    EventVersion<EventType>
  >;
  return { event: upcastEvent(event, target as EventVersion<EventType>) as EventEnvelope, handle };
}

/** Why a message went to the dead-letter topic (header `dlq-reason`). */
export type DeadLetterReason = EventValidationError['reason'] | 'HANDLER_FAILED';

export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead_lettered' | 'ignored';

export interface ChunkCommittedInfo {
  topic: string;
  partition: number;
  /** Offset of the last message of the chunk whose transaction just committed. */
  lastOffset: string;
  /** Events of the chunk that this commit applied (not duplicates, not dead letters). */
  appliedEventIds: string[];
}

export interface EventConsumerOptions {
  kafka: Kafka;
  service: string;
  groupId: string;
  topics: string[];
  /** Created with the subscribed topics, so a dead letter never waits on topic creation. */
  dlqTopics: string[];
  brokers: string[];
  partitions: number;
  dataSource: DataSource;
  handlers: EventHandlers;
  metrics: ServiceMetrics;
  logger: Logger;
  maxAttempts: number;
  fromBeginning: boolean;
  /** Messages applied per database transaction. */
  chunkSize: number;
  partitionsConsumedConcurrently: number;
  /** A fetch answers once this many bytes are there or after fetchMaxWaitMs. */
  fetchMinBytes: number;
  fetchMaxWaitMs: number;
  /**
   * Test seam: runs after a chunk's database transaction committed and before its offsets are
   * resolved and committed. Throwing here is what a crash in that window looks like.
   */
  afterDatabaseCommit?: (info: ChunkCommittedInfo) => Promise<void> | void;
}

interface Applicable {
  message: KafkaMessage;
  /** At the version its handler reads. */
  event: EventEnvelope;
  handle: EventHandler<EventType, EventVersion<EventType>>;
}

type Decoded =
  | ({ kind: 'apply' } & Applicable)
  | { kind: 'ignore'; message: KafkaMessage; type: string }
  | { kind: 'reject'; message: KafkaMessage; reason: DeadLetterReason; error: string };

interface Tally {
  type: string;
  outcome: ConsumeOutcome;
  eventId?: string;
}

/** The deferred work of one chunk, run by order (then first use) once its handlers are done. */
export class DeferredWorkQueue implements ChunkScope {
  constructor(readonly events: readonly EventEnvelope[] = []) {}

  private readonly pending = new Map<string, { work: DeferredWork<unknown>; state: unknown; seq: number }>();
  private seq = 0;

  defer<S>(work: DeferredWork<S>): S {
    const held = this.pending.get(work.key);
    if (held) return held.state as S;
    const state = work.init();
    this.pending.set(work.key, { work: work as DeferredWork<unknown>, state, seq: this.seq++ });
    return state;
  }

  async runAll(manager: EntityManager): Promise<void> {
    for (;;) {
      const next = [...this.pending.values()].sort((a, b) => a.work.order - b.work.order || a.seq - b.seq)[0];
      if (!next) return;
      this.pending.delete(next.work.key);
      await next.work.run(next.state, manager);
    }
  }
}

/** SQLSTATE classes that mean "the database is unwell", not "this event is bad". */
const INFRASTRUCTURE_SQLSTATE = /^(08|53|57|58)/;
/** Node's socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT...). */
const SOCKET_ERROR = /^E[A-Z]+$/;
const CONNECTION_LOST = /Connection terminated|connection timeout|Client has encountered a connection error/i;

/**
 * True for failures that say nothing about the event (database unreachable or shutting down):
 * those must stall the partition and be retried, never dead-letter a good event.
 */
export function isInfrastructureError(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    if (!candidate || typeof candidate !== 'object') return false;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    const badCode =
      typeof code === 'string' && (INFRASTRUCTURE_SQLSTATE.test(code) || SOCKET_ERROR.test(code));
    return badCode || (typeof message === 'string' && CONNECTION_LOST.test(message));
  });
}

/**
 * Consumes the topics of the events this service handles: one consumer group per service,
 * offsets committed by hand only after the database transaction that applied the messages
 * committed. A crash between the two redelivers the chunk, and the inbox makes that harmless.
 */
export class EventConsumer {
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private running = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarts = 0;

  constructor(private readonly opts: EventConsumerOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.startConsumer();
  }

  /** Lets the chunk in hand commit (database, then offsets), leaves the group and disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect().catch(() => undefined);
    const producer = this.dlqProducer;
    this.dlqProducer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async startConsumer(): Promise<void> {
    const { kafka, groupId, topics, fromBeginning, partitionsConsumedConcurrently } = this.opts;
    const consumer = kafka.consumer({
      groupId,
      // Fast joins and fast detection of a dead member; the broker's
      // group.initial.rebalance.delay.ms still applies to the first join of an empty group.
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10_000,
      minBytes: this.opts.fetchMinBytes,
      maxWaitTimeInMs: this.opts.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 8 },
    });
    // kafkajs restarts on its own after retriable failures; after the others (e.g. no broker
    // reachable at all for a while) it stays down, so the consumer is rebuilt here.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !this.running || this.consumer !== consumer) return;
      this.opts.logger.warn({ err: payload.error.message }, 'kafka consumer crashed; rebuilding it');
      this.scheduleRestart();
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.restarts = 0;
      this.opts.logger.debug(
        { groupId, memberAssignment: payload.memberAssignment },
        'joined consumer group',
      );
    });
    this.consumer = consumer;
    try {
      await ensureTopics({
        brokers: this.opts.brokers,
        topics: [...topics, ...this.opts.dlqTopics],
        partitions: this.opts.partitions,
        timeoutMs: 10_000,
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (error) {
      if (!this.running) return;
      this.opts.logger.warn({ err: errorMessage(error) }, 'kafka consumer could not start; retrying');
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (!this.running || this.restartTimer) return;
    this.restarts += 1;
    const delayMs = Math.min(5000, 250 * 2 ** Math.min(this.restarts, 5));
    const old = this.consumer;
    this.consumer = null;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        if (this.running) await this.startConsumer();
      })();
    }, delayMs);
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = batch;
    const { chunkSize } = this.opts;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      const tallies = await this.processChunk(topic, partition, chunk);
      // Counted once the database says so: a redelivery after a failed offset commit then
      // shows up as duplicates, never as a second application.
      const counts = new Map<string, { type: string; outcome: ConsumeOutcome; n: number }>();
      for (const { type, outcome } of tallies) {
        const entry = counts.get(`${type}/${outcome}`) ?? { type, outcome, n: 0 };
        entry.n += 1;
        counts.set(`${type}/${outcome}`, entry);
      }
      for (const { type, outcome, n } of counts.values())
        this.opts.metrics.eventsConsumed.inc({ type, outcome }, n);
      const lastOffset = chunk[chunk.length - 1].offset;
      if (this.opts.afterDatabaseCommit) {
        const appliedEventIds = tallies.flatMap((t) =>
          t.outcome === 'applied' && t.eventId ? [t.eventId] : [],
        );
        await this.opts.afterDatabaseCommit({ topic, partition, lastOffset, appliedEventIds });
      }
      resolveOffset(lastOffset);
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastOffset) + 1n).toString() }] }],
      });
      const lag = BigInt(batch.highWatermark) - BigInt(lastOffset) - 1n;
      this.opts.metrics.consumerLag.set({ topic, partition: String(partition) }, Number(lag < 0n ? 0n : lag));
      await heartbeat();
    }
  }

  private async processChunk(topic: string, partition: number, chunk: KafkaMessage[]): Promise<Tally[]> {
    const decoded = chunk.map((message) => this.decode(message));
    const tallies: Tally[] = [];
    const rejected = decoded.filter((d): d is Extract<Decoded, { kind: 'reject' }> => d.kind === 'reject');
    if (rejected.length > 0) {
      await this.deadLetter(
        topic,
        partition,
        rejected.map(({ message, reason, error }) => ({ message, reason, error })),
      );
      for (const r of rejected) tallies.push({ type: this.typeOf(r.message), outcome: 'dead_lettered' });
    }
    for (const d of decoded) if (d.kind === 'ignore') tallies.push({ type: d.type, outcome: 'ignored' });

    const applicable = decoded.filter((d): d is Extract<Decoded, { kind: 'apply' }> => d.kind === 'apply');
    if (applicable.length === 0) return tallies;
    try {
      const outcomes = await this.opts.dataSource.transaction((manager) =>
        this.applyAll(manager, applicable, { topic, partition }),
      );
      applicable.forEach((a, i) =>
        tallies.push({ type: a.event.type, outcome: outcomes[i], eventId: a.event.id }),
      );
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      this.opts.logger.warn(
        { err: errorMessage(error), topic, partition, messages: applicable.length },
        'chunk transaction failed; applying its events one by one',
      );
      for (const item of applicable) {
        const outcome = await this.applyAlone(topic, partition, item);
        tallies.push({ type: item.event.type, outcome, eventId: item.event.id });
      }
    }
    return tallies;
  }

  private decode(message: KafkaMessage): Decoded {
    // Events of a known type that this service does not handle are not its business: it does
    // not validate them either, or every consumer would dead-letter every other consumer's news.
    // The relay's `type` header says so without parsing the value.
    const headerType = headerString(message.headers?.type);
    if (headerType !== undefined && isEventType(headerType) && !this.opts.handlers[headerType]) {
      return { kind: 'ignore', message, type: headerType };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch (error) {
      return {
        kind: 'reject',
        message,
        reason: 'INVALID_ENVELOPE',
        error: `value is not JSON: ${errorMessage(error)}`,
      };
    }
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && isEventType(type) && !this.opts.handlers[type]) {
      return { kind: 'ignore', message, type };
    }
    try {
      const resolved = resolveHandler(this.opts.handlers, parseEvent(raw));
      if (!resolved) return { kind: 'ignore', message, type: String(type) };
      return { kind: 'apply', message, ...resolved };
    } catch (error) {
      if (error instanceof EventValidationError) {
        return { kind: 'reject', message, reason: error.reason, error: error.message };
      }
      throw error;
    }
  }

  private typeOf(message: KafkaMessage): string {
    return headerString(message.headers?.type) ?? 'unknown';
  }

  /** Inbox first (one statement for the chunk), then the handlers of the events it let through, in offset order. */
  private async applyAll(
    manager: EntityManager,
    items: Applicable[],
    source: MessageSource,
  ): Promise<ConsumeOutcome[]> {
    const ids = items.map((item) => item.event.id.toLowerCase());
    const inserted: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO inbox (consumer, event_id, event_type)
       SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
       ON CONFLICT DO NOTHING
       RETURNING event_id`,
      [this.opts.service, ids, items.map((item) => item.event.type)],
    );
    const fresh = new Set(inserted.map((row) => row.event_id));
    // A relay retry can put the same event twice in one chunk: only its first copy is fresh.
    const applied = items.map((_, i) => fresh.delete(ids[i]));
    const chunk = new DeferredWorkQueue(items.filter((_, i) => applied[i]).map((item) => item.event));
    const outcomes: ConsumeOutcome[] = [];
    for (const [i, item] of items.entries()) {
      if (!applied[i]) {
        outcomes.push('duplicate');
        continue;
      }
      await this.runHandler(manager, item, chunk, source);
      outcomes.push('applied');
    }
    await chunk.runAll(manager);
    return outcomes;
  }

  private async applyAlone(topic: string, partition: number, item: Applicable): Promise<ConsumeOutcome> {
    const { maxAttempts } = this.opts;
    for (let attempt = 1; ; attempt++) {
      try {
        const [outcome] = await this.opts.dataSource.transaction((manager) =>
          this.applyAll(manager, [item], { topic, partition }),
        );
        return outcome;
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        const context = { eventId: item.event.id, type: item.event.type, attempt, err: errorMessage(error) };
        if (attempt >= maxAttempts) {
          this.opts.logger.error(context, 'event handler failed; sending the event to the dead-letter topic');
          await this.deadLetter(topic, partition, [
            { message: item.message, reason: 'HANDLER_FAILED', error: errorMessage(error) },
          ]);
          return 'dead_lettered';
        }
        this.opts.logger.warn(context, 'event handler failed; retrying');
        await sleep(Math.min(2000, 100 * 2 ** (attempt - 1)));
      }
    }
  }

  private async runHandler(
    manager: EntityManager,
    { message, event, handle }: Applicable,
    chunk: ChunkScope,
    { topic, partition }: MessageSource,
  ): Promise<void> {
    const handler = handle;
    const parent = contextFromHeaders(message.headers);
    if (!parent) {
      this.opts.logger.debug({ eventId: event.id, type: event.type }, 'applying event');
      await handler(event, manager, chunk);
      return;
    }
    // The handler's statements (the projection's SQL) become children of this span, which
    // continues the trace of the request that wrote the event. Work a handler defers to the end
    // of the chunk serves many events at once and is not attributed to any one trace.
    const span = tracer().startSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.consumer.group.name': this.opts.groupId,
          'messaging.message.id': event.id,
          'platform.event.type': event.type,
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), async () => {
        this.opts.logger.debug({ eventId: event.id, type: event.type }, 'applying event');
        await handler(event, manager, chunk);
      });
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    items: Array<{ message: KafkaMessage; reason: DeadLetterReason; error: string }>,
  ): Promise<void> {
    const producer = await this.getDlqProducer();
    const target = dlqTopic(topic);
    await producer.send({
      topic: target,
      acks: -1,
      messages: items.map(({ message, reason, error }) => {
        const headers: IHeaders = {
          ...(message.headers ?? {}),
          'dlq-reason': reason,
          'dlq-error': error.slice(0, 4000),
          'dlq-consumer': this.opts.service,
          'dlq-original-topic': topic,
          'dlq-original-partition': String(partition),
          'dlq-original-offset': message.offset,
        };
        return { key: message.key, value: message.value, headers };
      }),
    });
    for (const { reason } of items) this.opts.metrics.dlqMessages.inc({ topic, reason });
    for (const { message, reason, error } of items) {
      this.opts.logger.warn(
        { topic, partition, offset: message.offset, reason, err: error },
        'message sent to the dead-letter topic',
      );
    }
  }

  private async getDlqProducer(): Promise<Producer> {
    if (this.dlqProducer) return this.dlqProducer;
    const producer = this.opts.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.dlqProducer = producer;
    return producer;
  }
}

const tracer = () => trace.getTracer('@platform/messaging');
