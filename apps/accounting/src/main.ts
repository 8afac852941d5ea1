import { startTracing } from '@platform/observability';

// OpenTelemetry first (when OTEL_* configure it): its instrumentations patch http, graphql and
// pg as they load, so the service is imported only after the SDK has started.
void startTracing('accounting').then(async () => {
  const { runMain } = await import('@platform/service-kit');
  const { accountingService } = await import('./service');
  await runMain(accountingService);
});
