import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_CATALOGUE, TOPICS, isEventType, type EventPayload, type EventType } from './catalogue';
import { isoDateTime, uuid } from './primitives';

/** The envelope every Kafka message carries as its JSON value. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  key: string;
  payload: EventPayload<T>;
}

export const envelopeSchema = z.object({
  id: uuid,
  type: z.string(),
  version: z.number().int().positive(),
  occurredAt: isoDateTime,
  source: z.string(),
  key: z.string().min(1),
  payload: z.unknown(),
});

export class EventValidationError extends Error {
  constructor(
    readonly reason: 'UNKNOWN_TYPE' | 'UNKNOWN_VERSION' | 'INVALID_ENVELOPE' | 'INVALID_PAYLOAD',
    message: string,
  ) {
    super(message);
  }
}

/** Builds a validated envelope; refuses an invalid payload before it can reach the outbox. */
export function createEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  options: { source: string; id?: string; occurredAt?: Date },
): EventEnvelope<T> {
  const definition = EVENT_CATALOGUE[type];
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new EventValidationError(
      'INVALID_PAYLOAD',
      `${type} v${definition.version}: ${z.prettifyError(parsed.error)}`,
    );
  }
  const key = (definition.key as (p: EventPayload<T>) => string)(parsed.data as EventPayload<T>);
  return {
    id: options.id ?? randomUUID(),
    type,
    version: definition.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: options.source,
    key,
    payload: parsed.data as EventPayload<T>,
  };
}

/** Validates a consumed message: known type, known version, valid payload. */
export function parseEvent(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new EventValidationError('INVALID_ENVELOPE', z.prettifyError(envelope.error));
  }
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new EventValidationError('UNKNOWN_TYPE', `unknown event type ${type}`);
  const definition = EVENT_CATALOGUE[type];
  if (definition.version !== version) {
    throw new EventValidationError(
      'UNKNOWN_VERSION',
      `${type} v${version} is not known (this consumer reads v${definition.version})`,
    );
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new EventValidationError(
      'INVALID_PAYLOAD',
      `${type} v${version}: ${z.prettifyError(payload.error)}`,
    );
  }
  return { ...envelope.data, type, payload: payload.data } as EventEnvelope;
}

export function topicOf(type: EventType, prefix = ''): string {
  return `${prefix}${TOPICS[EVENT_CATALOGUE[type].producer]}`;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;
