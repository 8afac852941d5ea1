import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { activeTraceIds, type Logger, type ServiceMetrics } from '@platform/observability';
import { formatError } from './errors';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from './identity';
import { scalarResolvers } from './scalars';

/** What every subgraph resolver can rely on. */
export interface RequestContext extends BaseContext {
  identity: Identity;
  requestId: string;
  /** The OpenTelemetry trace id of this request (undefined when tracing is off). */
  traceId: string | undefined;
  logger: Logger;
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface SubgraphServerOptions<TContext extends RequestContext> {
  name: string;
  schemaPath: string;
  // Resolver maps are typed per subgraph; the federation helper only needs this shape.
  resolvers: GraphQLResolverMap<TContext>;
  host: string;
  port: number;
  production: boolean;
  signingSecret: string;
  signatureMaxAgeSeconds: number;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: ReadinessCheck[];
  buildContext: (base: RequestContext) => TContext | Promise<TContext>;
  /** Extra GET routes (e.g. a CSV export) answered before GraphQL; return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse, identity: Identity) => Promise<boolean>;
  maxBodyBytes?: number;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  server: Server;
  apollo: ApolloServer<RequestContext>;
  stop: () => Promise<void>;
}

export function loadTypeDefs(schemaPath: string) {
  return parse(readFileSync(schemaPath, 'utf8'));
}

function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin<RequestContext> {
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

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/**
 * Runs one federated subgraph over plain node:http: /health (live), /ready (dependencies),
 * /metrics (Prometheus) and /graphql. GraphQL requests must carry the identity the gateway
 * signed; anything else — including `_service` and `_entities` — gets 401, so a subgraph is
 * never a way around the gateway's authentication.
 */
export async function startSubgraphServer<TContext extends RequestContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const { logger, metrics } = options;
  const schema = buildSubgraphSchema([
    {
      typeDefs: loadTypeDefs(options.schemaPath),
      resolvers: { ...scalarResolvers, ...options.resolvers } as GraphQLResolverMap<unknown>,
    },
  ]);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: formatError(options.production),
    includeStacktraceInErrorResponses: !options.production,
    introspection: !options.production,
    csrfPrevention: true,
    // The process owns signal handling (runMain stops HTTP, Kafka and the database in order).
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), metricsPlugin(metrics)],
    logger,
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 1_000_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, '{"status":"ok"}');
    if (req.method === 'GET' && url.pathname === '/ready') {
      const results = await Promise.all(
        options.readiness.map(async (r) => {
          try {
            await r.check();
            return [r.name, 'ok'] as const;
          } catch (error) {
            return [r.name, (error as Error).message] as const;
          }
        }),
      );
      const ok = results.every(([, status]) => status === 'ok');
      return send(
        res,
        ok ? 200 : 503,
        JSON.stringify({ status: ok ? 'ready' : 'not ready', checks: Object.fromEntries(results) }),
      );
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      return send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    }

    const verified = verifyIdentity(
      req.headers[IDENTITY_HEADER] as string | undefined,
      options.signingSecret,
      options.signatureMaxAgeSeconds,
    );
    if (!verified.ok) {
      return send(
        res,
        401,
        JSON.stringify({ errors: [{ message: verified.reason, extensions: { code: 'UNAUTHENTICATED' } }] }),
      );
    }
    const identity = verified.identity;
    if (options.routes && (await options.routes(req, res, identity))) return;
    if (url.pathname !== '/graphql' && url.pathname !== '/') return send(res, 404, '{"error":"not found"}');

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req, maxBody);
      try {
        body = raw.length > 0 ? JSON.parse(raw) : undefined;
      } catch {
        return send(
          res,
          400,
          JSON.stringify({
            errors: [{ message: 'body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          }),
        );
      }
    }
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    // The http instrumentation has continued the caller's traceparent (when tracing is on).
    const traceId = activeTraceIds().trace_id;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () =>
        options.buildContext({
          identity,
          requestId,
          traceId,
          logger: logger.child({ requestId, userId: identity.sub }),
        }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error & { status?: number }) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent)
        send(
          res,
          error.status ?? 500,
          JSON.stringify({ errors: [{ message: error.status ? error.message : 'Internal server error' }] }),
        );
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}/graphql`;
  logger.info({ url }, `${options.name} subgraph listening`);

  return {
    url,
    port,
    server,
    apollo,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
