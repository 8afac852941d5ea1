import type { EntityManager } from 'typeorm';
import {
  createEvent,
  topicOf,
  type EventEnvelope,
  type EventPayloadInput,
  type EventType,
} from '@platform/events';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { activeTraceparent } from '@platform/observability';

/** One event for publishMany: a type and its payload, checked together at compile time. */
export type OutboxEvent = { [T in EventType]: { type: T; payload: EventPayloadInput<T> } }[EventType];

export class OutboxTransactionError extends Error {
  constructor() {
    super(
      'Outbox.publish needs the EntityManager of an open transaction (dataSource.transaction(...)): ' +
        'outside one, the event could commit without the state change it describes, or the reverse',
    );
  }
}

/**
 * Writes events to the `outbox` table inside the caller's transaction, so a state change and
 * the events it causes commit (or roll back) together. Topics are stored without the
 * environment prefix; the relay adds it when publishing.
 */
export class Outbox {
  constructor(private readonly opts: { source: string }) {}

  async publish<T extends EventType>(
    manager: EntityManager,
    type: T,
    payload: EventPayloadInput<T>,
  ): Promise<EventEnvelope<T>> {
    const [envelope] = await this.publishMany(manager, [{ type, payload } as OutboxEvent]);
    return envelope as EventEnvelope<T>;
  }

  /**
   * Writes several events in one statement (bulk operations: imports, seeding), in the given
   * order, which is the order the relay publishes them in.
   */
  async publishMany(manager: EntityManager, events: readonly OutboxEvent[]): Promise<EventEnvelope[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxTransactionError();
    const envelopes = events.map(({ type, payload }) =>
      createEvent(type, payload as EventPayloadInput<typeof type>, { source: this.opts.source }),
    );
    if (envelopes.length === 0) return [];
    const topics = [...new Set(envelopes.map((e) => topicOf(e.type)))];
    // The row keeps this span's context; the relay's send span continues it (a no-op span, and
    // a NULL traceparent, when tracing is off or the request is not sampled).
    const span = tracer().startSpan(`create ${topics.length === 1 ? topics[0] : 'outbox'}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'create',
        'messaging.operation.name': 'outbox',
        'messaging.destination.name': topics.join(','),
        'messaging.batch.message_count': envelopes.length,
        'platform.event.type': [...new Set(envelopes.map((e) => e.type))].join(','),
      },
    });
    try {
      const inSpan = trace.setSpan(context.active(), span);
      const traceparent = activeTraceparent(inSpan) ?? null;
      // The INSERT's own SQL span sits below the outbox span.
      await context.with(inSpan, () => this.insert(manager, envelopes, traceparent));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
    return envelopes;
  }

  private async insert(manager: EntityManager, envelopes: EventEnvelope[], traceparent: string | null) {
    if (envelopes.length === 1) {
      const [e] = envelopes;
      await manager.query(
        `INSERT INTO outbox (event_id, topic, key, type, version, envelope, traceparent)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [e.id, topicOf(e.type), e.key, e.type, e.version, JSON.stringify(e), traceparent],
      );
      return;
    }
    await manager.query(
      `INSERT INTO outbox (event_id, topic, key, type, version, envelope, traceparent)
       SELECT e.event_id, e.topic, e.key, e.type, e.version, e.envelope, $7::text
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[])
              WITH ORDINALITY AS e(event_id, topic, key, type, version, envelope, position)
        ORDER BY e.position`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => topicOf(e.type)),
        envelopes.map((e) => e.key),
        envelopes.map((e) => e.type),
        envelopes.map((e) => e.version),
        envelopes.map((e) => JSON.stringify(e)),
        traceparent,
      ],
    );
  }
}

const tracer = () => trace.getTracer('@platform/messaging');
