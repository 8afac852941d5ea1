import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (the format OpenTelemetry propagates): `traceparent` is
 * "00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>". It travels in HTTP headers from
 * the gateway to the subgraphs, is stored with each outbox row, rides on the Kafka message
 * headers and is restored in the consumer that applies the event.
 */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
}

export function parseTraceparent(value: string | undefined | null): TraceContext | null {
  if (!value) return null;
  const match = TRACEPARENT.exec(value.trim());
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return null;
  return { traceId: match[1], spanId: match[2], flags: match[3] };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}

/** A child span of `parent`, or the root of a new trace. */
export function childTrace(parent?: TraceContext | null): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    flags: parent?.flags ?? '01',
  };
}

const storage = new AsyncLocalStorage<TraceContext>();

export function runWithTrace<T>(ctx: TraceContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

export function currentTraceparent(): string | undefined {
  const ctx = storage.getStore();
  return ctx ? formatTraceparent(ctx) : undefined;
}
