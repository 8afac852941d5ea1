import type { IncomingMessage } from 'node:http';
import type * as SdkTrace from '@opentelemetry/sdk-trace';
import {
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';

/**
 * OpenTelemetry tracing, configured by the standard variables:
 *
 *   OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER)
 *                                  turns tracing on; unset, the SDK is not even loaded and every
 *                                  span below is the API's no-op
 *   OTEL_SERVICE_NAME              overrides the service's own name
 *   OTEL_TRACES_SAMPLER(_ARG)      e.g. parentbased_traceidratio and 0.1 (the SDK's default is
 *                                  parentbased_always_on)
 *   OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL
 *                                  http/protobuf (the specification's default) or http/json, both
 *                                  on <endpoint>/v1/traces; grpc is refused (see exporterFromEnv);
 *                                  OTEL_TRACES_EXPORTER=console prints
 *   OTEL_BSP_*                     the batch span processor's delay, queue and batch sizes
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

interface RunningTracing {
  provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> };
  disable: () => void;
}

let running: RunningTracing | undefined;

const PROBES = /^\/(health|ready|metrics)(\?|$)/;

const number = (value: string | undefined): number | undefined => {
  const parsed = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** OTEL_TRACES_SAMPLER / _ARG as the specification names them; undefined = parentbased_always_on. */
function samplerFromEnv(sdk: typeof SdkTrace, env: NodeJS.ProcessEnv) {
  const name = env.OTEL_TRACES_SAMPLER?.trim();
  const ratio = () => {
    const arg = number(env.OTEL_TRACES_SAMPLER_ARG);
    return arg !== undefined && arg >= 0 && arg <= 1 ? arg : 1;
  };
  switch (name) {
    case undefined:
    case '':
      return undefined;
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratio()) });
    default:
      throw new Error(
        `OTEL_TRACES_SAMPLER=${name} is not supported: use always_on, always_off, traceidratio, ` +
          'parentbased_always_on, parentbased_always_off or parentbased_traceidratio',
      );
  }
}

/** The OTLP protocols the installed exporters speak; the specification's default first. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf. */
export function otlpProtocol(env: NodeJS.ProcessEnv = process.env): (typeof OTLP_PROTOCOLS)[number] {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (!protocol) return 'http/protobuf';
  if ((OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    return protocol as (typeof OTLP_PROTOCOLS)[number];
  }
  if (protocol === 'grpc') {
    // The gRPC exporter of the SDK's release (0.301) is installed only inside sdk-node's own
    // folder; the hoisted @opentelemetry/exporter-trace-otlp-grpc is 0.221, another package's
    // (Hive gateway's, a dev dependency) and built for the previous SDK. Supporting grpc takes a
    // direct dependency on @opentelemetry/exporter-trace-otlp-grpc@^0.301.0.
    throw new Error(
      'OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported by these services: use http/protobuf ' +
        '(the default) or http/json, which every OpenTelemetry collector accepts on port 4318',
    );
  }
  throw new Error(
    `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not a protocol of the specification: use http/protobuf or http/json`,
  );
}

/** The span exporter OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL ask for. */
export async function exporterFromEnv(env: NodeJS.ProcessEnv = process.env) {
  if (env.OTEL_TRACES_EXPORTER?.trim() === 'console') {
    const { ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace');
    return new ConsoleSpanExporter();
  }
  // Each reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT itself.
  if (otlpProtocol(env) === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  // Installed with @opentelemetry/sdk-node, at the SDK's release; not yet a direct dependency.
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

/**
 * Starts tracing with the http, undici (fetch), graphql and pg instrumentations. It must run
 * before `pg`, `@apollo/*` or `kafkajs` are loaded, so `main.ts` calls it first and imports the
 * service afterwards. Health probes and metrics scrapes are not traced; SQL is traced only
 * inside a traced operation (not the relay's polling).
 *
 * Kafka spans are recorded by the messaging library itself (outbox.ts `create`, outbox-relay.ts
 * `send`, event-consumer.ts `process`), not by @opentelemetry/instrumentation-kafkajs (0.32),
 * which cannot give the trace request → outbox → relay → broker → consumer → projection SQL:
 *  - producer: it starts each message's `send <topic>` span from the context active when
 *    `sendBatch` is called and injects that span into the message headers, replacing any
 *    traceparent there. The relay sends a batch of outbox rows written by many requests, later,
 *    from its own polling loop: every span would start a new trace,
 *    and the consumer would continue that one. The request's context exists only in the outbox
 *    row (`outbox.traceparent`), so the `send` span must be started from it, row by row; with
 *    the instrumentation that would take one `send` call per row, giving up the batch.
 *  - consumer: with `eachBatch` (the consumer applies up to 500 events per transaction) it
 *    starts a `poll <topic>` span from ROOT_CONTEXT, a new trace, and each message's `process`
 *    span as its child with only a *link* to the producer; the handlers run under the poll span.
 *    The projection's SQL would hang in the consumer's own trace, not below the request's.
 * Registered beside the hand-made spans, it would also overwrite their traceparent headers. So
 * it stays unregistered.
 *
 * The pieces are the ones `@opentelemetry/sdk-node` assembles (TracerProvider, batch span
 * processor, OTLP exporter, AsyncLocalStorage context, W3C propagator, env resource), loaded one
 * by one: sdk-node itself also loads the gRPC, protobuf, Zipkin, metrics and logs packages,
 * which tripled a service's start-up time on a busy machine.
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (running) return true;
  if (!tracingEnabled(env)) return false;
  const [sdk, { AsyncLocalStorageContextManager }, core, resources, { registerInstrumentations }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/instrumentation'),
    ]);
  const [
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { GraphQLInstrumentation },
    { PgInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const exporter = await exporterFromEnv(env);
  const resource = resources
    .detectResources({ detectors: [resources.envDetector] })
    .merge(resources.resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || service }));
  const provider = new sdk.TracerProvider({
    resource,
    sampler: samplerFromEnv(sdk, env),
    spanProcessors: [
      exporter instanceof sdk.ConsoleSpanExporter
        ? new sdk.SimpleSpanProcessor({ exporter })
        : new sdk.BatchSpanProcessor({
            exporter,
            scheduledDelayMillis: number(env.OTEL_BSP_SCHEDULE_DELAY),
            maxQueueSize: number(env.OTEL_BSP_MAX_QUEUE_SIZE),
            maxExportBatchSize: number(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
            exportTimeoutMillis: number(env.OTEL_BSP_EXPORT_TIMEOUT),
          }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => PROBES.test(req.url ?? ''),
      }),
      new UndiciInstrumentation(),
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  running = { provider, disable };
  // Export what has finished when the process is told to stop (runMain then drains and exits).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void flushTracing());
  }
  return true;
}

/** Exports the spans recorded so far (a no-op when tracing is off). */
export async function flushTracing(): Promise<void> {
  await running?.provider.forceFlush().catch(() => undefined);
}

/** Stops the SDK after exporting what it holds (tests and tools that start it themselves). */
export async function stopTracing(): Promise<void> {
  const stopping = running;
  running = undefined;
  if (!stopping) return;
  stopping.disable();
  await stopping.provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
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
