import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  EVENT_CATALOGUE,
  TOPICS,
  eventVersion,
  isEventType,
  type CurrentVersion,
  type EventPayload,
  type EventPayloadAt,
  type EventPayloadInput,
  type EventType,
  type EventVersion,
} from './catalogue';
import { isoDateTime, uuid } from './primitives';

/** The envelope every Kafka message carries as its JSON value. */
export interface EnvelopeAt<T extends EventType, V extends EventVersion<T>> {
  id: string;
  type: T;
  version: V;
  occurredAt: string;
  source: string;
  key: string;
  payload: EventPayloadAt<T, V>;
}

/** Any event at its current version, discriminated by `type`. */
export type AnyEventEnvelope = { [T in EventType]: EnvelopeAt<T, CurrentVersion<T>> }[EventType];

/** An envelope of type T at version V (by default the current one); without T, any current event. */
export type EventEnvelope<T extends EventType = EventType, V extends EventVersion<T> = CurrentVersion<T>> = [
  EventType,
] extends [T]
  ? AnyEventEnvelope
  : EnvelopeAt<T, V>;

/** An envelope of any type at any readable version, as read from a topic before upcasting. */
export type AnyVersionEnvelope = {
  [T in EventType]: { [V in EventVersion<T>]: EnvelopeAt<T, V> }[EventVersion<T>];
}[EventType];

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
  payload: EventPayloadInput<T>,
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
    version: definition.version as CurrentVersion<T>,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: options.source,
    key,
    payload: parsed.data,
  } as EventEnvelope<T>;
}

/**
 * Validates a consumed message against the catalogue entry of its own (type, version): known
 * type, known version, valid payload. The envelope keeps the version it was written at; a
 * consumer upcasts it to the version it reads with `upcastEvent`.
 */
export function parseEvent(raw: unknown): AnyVersionEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new EventValidationError('INVALID_ENVELOPE', z.prettifyError(envelope.error));
  }
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new EventValidationError('UNKNOWN_TYPE', `unknown event type ${type}`);
  const definition = eventVersion(type, version);
  if (!definition) {
    throw new EventValidationError(
      'UNKNOWN_VERSION',
      `${type} v${version} is not known (the catalogue has v${knownVersions(type).join(', v')})`,
    );
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new EventValidationError(
      'INVALID_PAYLOAD',
      `${type} v${version}: ${z.prettifyError(payload.error)}`,
    );
  }
  return { ...envelope.data, type, payload: payload.data } as AnyVersionEnvelope;
}

/** The readable versions of a type, oldest first. */
export function knownVersions(type: EventType): number[] {
  const versions: number[] = [];
  for (let v = 1; v <= EVENT_CATALOGUE[type].version; v++) if (eventVersion(type, v)) versions.push(v);
  return versions;
}

/**
 * Brings an event up to `target` through each version's upcaster (v1 → v2 → …). An event can
 * only move forward: one newer than `target`, or a gap without an upcaster, is UNKNOWN_VERSION.
 * The result is validated against the target version's schema.
 */
export function upcastEvent<T extends EventType, V extends EventVersion<T>>(
  event: AnyVersionEnvelope & { type: T },
  target: V,
): EventEnvelope<T, V> {
  let payload: unknown = event.payload;
  let version: number = event.version;
  if (version > target) {
    throw new EventValidationError(
      'UNKNOWN_VERSION',
      `${event.type} v${version} is newer than v${target}, the version this consumer reads`,
    );
  }
  while (version < target) {
    const upcast = eventVersion(event.type, version)?.upcast;
    if (!upcast) {
      throw new EventValidationError(
        'UNKNOWN_VERSION',
        `${event.type} v${version} cannot be read as v${target} (no upcaster from v${version})`,
      );
    }
    payload = upcast(payload);
    version += 1;
  }
  const definition = eventVersion(event.type, target);
  const parsed = definition?.payload.safeParse(payload);
  if (!definition || !parsed?.success) {
    throw new EventValidationError(
      'INVALID_PAYLOAD',
      `${event.type} v${event.version} → v${target}: ${parsed?.error ? z.prettifyError(parsed.error) : 'unknown version'}`,
    );
  }
  return { ...event, version: target, payload: parsed.data } as EventEnvelope<T, V>;
}

/** Upcasts to the version producers publish today. */
export function toCurrentVersion<T extends EventType>(
  event: AnyVersionEnvelope & { type: T },
): EventEnvelope<T> {
  return upcastEvent(
    event as AnyVersionEnvelope & { type: EventType },
    EVENT_CATALOGUE[event.type].version,
  ) as EventEnvelope<T>;
}

export function topicOf(type: EventType, prefix = ''): string {
  return `${prefix}${TOPICS[EVENT_CATALOGUE[type].producer]}`;
}

export const dlqTopic = (topic: string) => `${topic}.dlq`;
