import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createLogger, startTracing } from '@platform/observability';
import { loadGatewayConfig, type GatewayConfig } from './config';

async function serve(config: GatewayConfig): Promise<void> {
  // Loaded here so that a cluster primary, which only supervises, never loads Apollo; and after
  // OpenTelemetry (when OTEL_* configure it), whose instrumentations patch modules as they load.
  await startTracing('gateway');
  const [{ startGateway }, { stopOnSignals }] = await Promise.all([
    import('./gateway'),
    import('@platform/graphql-kit'),
  ]);
  const gateway = await startGateway(config);
  stopOnSignals({ stop: gateway.stop, graceMs: shutdownGraceMs(config), logger: gateway.logger });
}

/** How long a worker may take to stop: the drain, then 15 s for requests in flight (as a subgraph). */
const shutdownGraceMs = (config: GatewayConfig) => 15_000 + config.SHUTDOWN_DRAIN_MS;

/**
 * GATEWAY_WORKERS > 1: a node:cluster primary that forks the workers (each a whole gateway
 * sharing the port), replaces one that dies, and stops them all on SIGTERM/SIGINT.
 */
function supervise(config: GatewayConfig, workers: number): void {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  let stopping = false;
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    setTimeout(() => cluster.fork(), 1_000);
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers }, 'shutting down workers');
    setTimeout(() => process.exit(1), shutdownGraceMs(config) + 2_000).unref();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  logger.info({ workers, port: config.PORT }, 'gateway primary started its workers');
}

function main(): void {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    process.stderr.write(`gateway: ${(error as Error).message}\n`);
    process.exit(78);
  }
  const workers = config.GATEWAY_WORKERS === 'auto' ? availableParallelism() : config.GATEWAY_WORKERS;
  if (workers > 1 && cluster.isPrimary) return supervise(config, workers);
  void serve(config);
}

main();
