// Exports one span named argv[2] with the exporter the environment selects, then exits: the
// OTLP exporter test runs it as its own process (the exporters load modules with a dynamic
// import(), which jest's module sandbox refuses), configured by the standard variables alone.
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { exporterFromEnv } from '../tracing';

async function main(): Promise<void> {
  const exporter = await exporterFromEnv();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  provider
    .getTracer('otlp-exporter-test')
    .startSpan(process.argv[2] ?? 'span')
    .end();
  await provider.forceFlush();
  await provider.shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
