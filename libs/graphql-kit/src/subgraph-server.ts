import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { activeTraceIds, serveMetrics, type Logger, type ServiceMetrics } from '@platform/observability';
import { formatError } from './errors';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from './identity';
import { applyInputPolicy } from './input-policy';
import { scalarResolvers } from './scalars';
import { headerMapOf, metricsPlugin, readBody } from './http';
import { answerReadiness, closeHttpServer, type ReadinessCheck } from './lifecycle';

/** The life of one GraphQL request, for resources that live as long as it (a read snapshot). */
export interface RequestScope {
  /** The operation's type once Apollo resolved it; undefined before execution. */
  operation?: 'query' | 'mutation' | 'subscription';
  /** Runs after the response was sent, or failed. */
  onFinish(task: () => Promise<void>): void;
}

/** What every subgraph resolver can rely on. */
export interface RequestContext extends BaseContext {
  identity: Identity;
  requestId: string;
  /** The OpenTelemetry trace id of this request (undefined when tracing is off). */
  traceId: string | undefined;
  logger: Logger;
  scope: RequestScope;
}

/** Tells the request's scope which kind of operation it runs, before any resolver does. */
function scopePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          if (ctx.operation) ctx.contextValue.scope.operation = ctx.operation.operation;
        },
      };
    },
  };
}

export interface SubgraphServerOptions<TContext extends RequestContext> {
  name: string;
  schemaPath: string;
  // Resolver maps are typed per subgraph; the federation helper only needs this shape.
  resolvers: GraphQLResolverMap<TContext>;
  host: string;
  port: number;
  /** `GET /metrics` is served here, never on `port` (0: any free port). */
  metricsHost: string;
  metricsPort: number;
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
  /**
   * Runs the execution of each GraphQL request (its resolvers, loaders and their SQL), in the
   * request's own async context: service-kit counts the request's SQL statements there. The
   * response is written once it returns.
   */
  runRequest?: <T>(requestId: string, execute: () => Promise<T>) => Promise<T>;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  server: Server;
  /** `GET /metrics`, on its own port. */
  metricsUrl: string;
  apollo: ApolloServer<RequestContext>;
  stop: () => Promise<void>;
}

export function loadTypeDefs(schemaPath: string) {
  return parse(readFileSync(schemaPath, 'utf8'));
}

/**
 * A variable a scalar refuses (a Date outside the window, "1e30" as a Decimal) is answered 400 by
 * Apollo Server; the gateway would mask a 400 as INTERNAL_SERVER_ERROR carrying this subgraph's
 * URL. Answered 200, its BAD_USER_INPUT (with the field, see formatError) reaches the client.
 */
function onlyBadUserInput(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return (
      Array.isArray(parsed.errors) &&
      parsed.errors.length > 0 &&
      parsed.errors.every((e) => e.extensions?.code === 'BAD_USER_INPUT')
    );
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/**
 * Runs one federated subgraph over plain node:http: /health (live), /ready (dependencies) and
 * /graphql; /metrics (Prometheus) on a port of its own (metricsHost:metricsPort). GraphQL requests must carry the identity the gateway
 * signed; anything else — including `_service` and `_entities` — gets 401, so a subgraph is
 * never a way around the gateway's authentication.
 */
export async function startSubgraphServer<TContext extends RequestContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const { logger, metrics } = options;
  // Every argument of every field passes the one input policy before its resolver runs.
  const schema = applyInputPolicy(
    buildSubgraphSchema([
      {
        typeDefs: loadTypeDefs(options.schemaPath),
        resolvers: { ...scalarResolvers, ...options.resolvers } as GraphQLResolverMap<unknown>,
      },
    ]),
  );
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: formatError(options.production),
    includeStacktraceInErrorResponses: !options.production,
    introspection: !options.production,
    csrfPrevention: true,
    // The process owns signal handling (runMain stops HTTP, Kafka and the database in order).
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), metricsPlugin<RequestContext>(metrics), scopePlugin()],
    logger,
  });
  await apollo.start();
  const maxBody = options.maxBodyBytes ?? 1_000_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, '{"status":"ok"}');
    if (req.method === 'GET' && url.pathname === '/ready') return answerReadiness(res, options.readiness);

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

    const headers = headerMapOf(req);
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
    const finishing: Array<() => Promise<void>> = [];
    const scope: RequestScope = { onFinish: (task) => void finishing.push(task) };
    const requestLogger = logger.child({ requestId, userId: identity.sub });
    try {
      const execute = () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () =>
            options.buildContext({ identity, requestId, traceId, logger: requestLogger, scope }),
        });
      const response = await (options.runRequest ? options.runRequest(requestId, execute) : execute());
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        if (res.statusCode === 400 && onlyBadUserInput(response.body.string)) res.statusCode = 200;
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      for (const task of finishing) {
        await task().catch((error: Error) => requestLogger.error({ err: error }, 'request cleanup failed'));
      }
    }
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
  const metricsServer = await serveMetrics(metrics, { host: options.metricsHost, port: options.metricsPort });
  logger.info({ url, metrics: metricsServer.url }, `${options.name} subgraph listening`);

  return {
    url,
    port,
    server,
    metricsUrl: metricsServer.url,
    apollo,
    stop: async () => {
      await closeHttpServer(server);
      await metricsServer.stop();
      await apollo.stop();
    },
  };
}
