import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { ServiceMetrics } from '@platform/observability';

/** Error of readBody when the body exceeds its limit; `status` is the HTTP status to answer. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it rejects with BodyTooLargeError
 * and drains the rest, so the caller can still answer 413 on the same connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Node's request headers as Apollo Server's HeaderMap. */
export function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Request duration per operation and errors per code, for /metrics (gateway and subgraphs alike). */
export function metricsPlugin<TContext extends BaseContext>(
  metrics: ServiceMetrics,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.requestDuration.observe(
            { operation: ctx.operationName ?? 'anonymous', type: ctx.operation?.operation ?? 'unknown' },
            seconds,
          );
        },
        async didEncounterErrors(ctx) {
          for (const error of ctx.errors) {
            metrics.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          }
        },
      };
    },
  };
}
