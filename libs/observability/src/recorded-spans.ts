import { context, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** Spans a test recorded in memory, with the parent links a trace backend would draw. */
export interface RecordedSpans {
  finished(): ReadableSpan[];
  reset(): void;
  stop(): Promise<void>;
}

/**
 * For tests: registers a tracer provider that keeps finished spans in memory, with the same
 * context manager (AsyncLocalStorage) and propagator (W3C trace context) as the SDK uses, so
 * code under test traces exactly as it does with `startTracing`. The SDK is loaded only here.
 */
export async function recordSpans(): Promise<RecordedSpans> {
  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
  ]);
  const exporter = new sdk.InMemorySpanExporter();
  const provider = new sdk.TracerProvider({
    spanProcessors: [new sdk.SimpleSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    finished: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
