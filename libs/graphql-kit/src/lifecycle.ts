import type { Server, ServerResponse } from 'node:http';
import type { Logger } from '@platform/observability';

/** One dependency `/ready` checks: resolves when usable, throws why not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

/** Answers `/ready`: 200 when every check passes, else 503, with each check's result. */
export async function answerReadiness(res: ServerResponse, checks: readonly ReadinessCheck[]): Promise<void> {
  const results = await Promise.all(
    checks.map(async (r) => {
      try {
        await r.check();
        return [r.name, 'ok'] as const;
      } catch (error) {
        return [r.name, (error as Error).message] as const;
      }
    }),
  );
  const ok = results.every(([, status]) => status === 'ok');
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: ok ? 'ready' : 'not ready', checks: Object.fromEntries(results) }));
}

/**
 * The first step of a graceful shutdown, the same in the gateway and every subgraph: from
 * `start()` the `shutdown` check fails, so `/ready` answers 503 and the load balancer stops
 * sending new requests, while the server keeps serving for `drainMs` (SHUTDOWN_DRAIN_MS, longer
 * than the readiness probe's period). The caller then closes its server with `closeHttpServer`.
 */
export function createDrain(opts: { drainMs: number; logger: Logger }): {
  draining: () => boolean;
  check: ReadinessCheck;
  start: () => Promise<void>;
} {
  let draining = false;
  return {
    draining: () => draining,
    check: drainingCheck(() => draining),
    start: async () => {
      draining = true;
      if (opts.drainMs <= 0) return;
      opts.logger.info({ ms: opts.drainMs }, 'draining: /ready reports 503');
      await new Promise((resolve) => setTimeout(resolve, opts.drainMs));
    },
  };
}

/** The `shutdown` readiness check: fails while the process drains. */
export function drainingCheck(draining: () => boolean): ReadinessCheck {
  return {
    name: 'shutdown',
    check: async () => {
      if (draining()) throw new Error('draining: shutting down');
    },
  };
}

/**
 * Stops accepting connections and resolves once the requests in flight have been answered and
 * their connections closed. Node 20 closes the idle keep-alive connections only once, when
 * close() is called: a connection whose response finishes later would stay open until
 * keepAliveTimeout (65 s, past the forced exit), so idle connections are closed again until the
 * server has none left.
 */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Stops the process gracefully on SIGTERM or SIGINT (once): `stop()` then exit 0, exit 1 if it
 * fails or takes longer than `graceMs` (a step that hangs).
 */
export function stopOnSignals(opts: { stop: () => Promise<void>; graceMs: number; logger: Logger }): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    opts.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), opts.graceMs).unref();
    opts.stop().then(
      () => process.exit(0),
      (error: Error) => {
        opts.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
