import type { IncomingMessage } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry tracing, configured by the standard variables:
 *
 *   OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER)
 *                                  turns tracing on; unset, the SDK is not even loaded and every
 *                                  span below is the API's no-op
 *   OTEL_SERVICE_NAME              overrides the service's own name
 *   OTEL_TRACES_SAMPLER(_ARG)      e.g. parentbased_traceidratio and 0.1 (the SDK's default is
 *                                  parentbased_always_on)
 *   OTEL_EXPORTER_OTLP_PROTOCOL    http/protobuf (default), http/json or grpc
 *   OTEL_SDK_DISABLED=true         off whatever else is set
 *
 * The W3C `traceparent` travels in HTTP headers (gateway → subgraphs), in the outbox row, on the
 * Kafka message headers and into the consumer's span, so one trace shows a request and every
 * event it caused being applied.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporters === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || exporters);
}

let sdk: NodeSDK | undefined;

const PROBES = /^\/(health|ready|metrics)(\?|$)/;

/**
 * Starts the SDK with the http, undici (fetch), graphql and pg instrumentations. It must run
 * before `pg`, `@apollo/*` or `kafkajs` are loaded, so `main.ts` calls it first and imports the
 * service afterwards. Health probes and metrics scrapes are not traced; SQL is traced only
 * inside a traced operation (not the relay's polling). Kafka spans are recorded by the
 * messaging library itself (see libs/messaging), because kafkajs' instrumentation starts each
 * batch's spans from the relay's context and only links consumed messages, which would break the
 * request's trace in two.
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (sdk) return true;
  if (!tracingEnabled(env)) return false;
  const [{ NodeSDK }, { HttpInstrumentation }, { UndiciInstrumentation }, { GraphQLInstrumentation }, pg] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-undici'),
      import('@opentelemetry/instrumentation-graphql'),
      import('@opentelemetry/instrumentation-pg'),
    ]);
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || service,
    // Traces only: metrics stay on prom-client (GET /metrics) and logs on stdout (pino).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => PROBES.test(req.url ?? ''),
      }),
      new UndiciInstrumentation(),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new pg.PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  sdk.start();
  // Export what has finished when the process is told to stop (runMain then drains and exits).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void flushTracing());
  }
  return true;
}

/** Exports the spans recorded so far (a no-op when tracing is off). */
export async function flushTracing(): Promise<void> {
  const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void> };
  await provider.forceFlush?.().catch(() => undefined);
}

/** Stops the SDK after exporting what it holds (tests and tools that start it themselves). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}

/** The W3C traceparent of the active span, or undefined when nothing is traced. */
export function activeTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The active trace and span ids, for log lines (empty when nothing is traced). */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

const singleValue: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const one = Array.isArray(value) ? value[0] : value;
    if (one === undefined || one === null) return undefined;
    return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  },
};

/**
 * The context a stored or received `traceparent` describes (Kafka headers are Buffers), or
 * undefined when there is none to continue.
 */
export function contextFromHeaders(headers: Record<string, unknown> | undefined | null): Context | undefined {
  if (!headers || headers.traceparent === undefined || headers.traceparent === null) return undefined;
  const extracted = propagation.extract(context.active(), headers, singleValue);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && isSpanContextValid(spanContext) ? extracted : undefined;
}
