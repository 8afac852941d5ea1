import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GatewayConfig as ApolloGatewayConfig,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  answerReadiness,
  closeHttpServer,
  createDrain,
  headerMapOf,
  IDENTITY_HEADER,
  metricsPlugin,
  readBody,
  signIdentity,
  type Identity,
} from '@platform/graphql-kit';
import { createLogger, createMetrics, serveMetrics, type Logger } from '@platform/observability';
import { AuthenticationError, createAuthenticator } from './auth';
import { urlVariable, type GatewayConfig } from './config';
import { costLimitPlugin, limitsRule, type QueryLimits } from './limits';
import { inputScalarsPlugin, operationNamePlugin, persistedQueryMismatch } from './request-checks';
import { createSubgraphFetcher } from './subgraph-client';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

/**
 * Forwards the verified identity, signed, plus the request id; nothing from the client. The
 * trace context (traceparent) is added by OpenTelemetry's fetch/http instrumentation.
 */
class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
    agentFetcher?: RemoteGraphQLDataSource['fetcher'],
  ) {
    super({ url });
    if (agentFetcher) this.fetcher = agentFetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    if ('identity' in context && context.identity) {
      headers.set(IDENTITY_HEADER, signIdentity(context.identity, this.secret));
      headers.set('x-request-id', context.requestId);
    }
  }

  /**
   * A subgraph that refuses a request (4xx) said why in its own GraphQL errors: that error, with
   * its code and field, is the answer, not "400: Bad Request" as INTERNAL_SERVER_ERROR. Nothing of
   * the HTTP exchange (the subgraph's URL, its raw body) goes back to the client.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body: unknown = await this.parseBody(response).catch(() => undefined);
    const refusal = (body as { errors?: GraphQLFormattedError[] } | undefined)?.errors?.find(
      (e) => typeof e?.extensions?.code === 'string',
    );
    if (response.status >= 400 && response.status < 500 && refusal) {
      const { stacktrace: _s, exception: _e, ...extensions } = refusal.extensions ?? {};
      return new GraphQLError(refusal.message, { extensions });
    }
    const code =
      response.status === 401
        ? 'UNAUTHENTICATED'
        : response.status === 403
          ? 'FORBIDDEN'
          : 'INTERNAL_SERVER_ERROR';
    return new GraphQLError(`Subgraph answered ${response.status}`, { extensions: { code } });
  }

  // SUBGRAPH_HTTP_CLIENT=fetch: Node's fetch keeps connections alive; the signal bounds each call.
  override fetcher = ((input: string, init: RequestInit) =>
    fetch(input, {
      ...init,
      signal: AbortSignal.timeout(this.timeoutMs),
    })) as unknown as RemoteGraphQLDataSource['fetcher'];
}

type QueryPlanCache = NonNullable<NonNullable<ApolloGatewayConfig['queryPlannerConfig']>['cache']>;

/** Report downloads accounting serves; the gateway forwards exactly these paths. */
const REPORT_CSV_PATHS = new Set(['/reports/profitability.csv', '/reports/estimate-accuracy.csv']);

/** QUERY_PLAN_CACHE_MIB=0: a cache that never holds anything. */
const noQueryPlanCache: QueryPlanCache = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => true,
  clear: () => undefined,
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A GET request's `query` and `extensions` (JSON in the query string), as Apollo reads them. */
function getParameters(url: URL): { query?: string; extensions?: unknown } {
  const query = url.searchParams.get('query') ?? undefined;
  const raw = url.searchParams.get('extensions');
  if (!raw) return { query };
  try {
    return { query, extensions: JSON.parse(raw) as unknown };
  } catch {
    return { query };
  }
}

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  /** `GET /metrics`, on METRICS_HOST:METRICS_PORT. */
  metricsUrl: string;
  logger: Logger;
  subgraphUrls: Record<string, string>;
  /** True from the start of stop(): /ready answers 503 while requests in flight finish. */
  draining: () => boolean;
  /**
   * Graceful shutdown, as a subgraph's: /ready answers 503 and the gateway keeps serving for
   * SHUTDOWN_DRAIN_MS, then its server closes once the requests in flight have finished.
   */
  stop: () => Promise<void>;
}

export async function startGateway(
  config: GatewayConfig,
  options: { supergraphSdl?: string } = {},
): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const metrics = createMetrics('gateway');
  const drain = createDrain({ drainMs: config.SHUTDOWN_DRAIN_MS, logger });
  const production = config.NODE_ENV === 'production';
  const authenticate = createAuthenticator(config);
  const supergraphSdl = options.supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const subgraphUrls: Record<string, string> = {};
  const subgraphClient =
    config.SUBGRAPH_HTTP_CLIENT === 'agent'
      ? createSubgraphFetcher({
          keepAlive: config.SUBGRAPH_KEEP_ALIVE,
          timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        })
      : undefined;

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    // Plans are cached by operation (LRU of about QUERY_PLAN_CACHE_MIB); 0 plans every request anew.
    ...(config.QUERY_PLAN_CACHE_MIB > 0
      ? { experimental_approximateQueryPlanStoreMiB: config.QUERY_PLAN_CACHE_MIB }
      : { queryPlannerConfig: { cache: noQueryPlanCache } }),
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] || url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set ${urlVariable(name)}`);
      subgraphUrls[name] = target;
      return new SignedDataSource(
        target,
        config.GATEWAY_SIGNING_SECRET,
        config.SUBGRAPH_TIMEOUT_MS,
        subgraphClient?.fetcher,
      );
    },
  });

  const limits: QueryLimits = {
    maxDepth: config.MAX_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxCost: config.MAX_COST,
    defaultListSize: config.DEFAULT_LIST_SIZE,
  };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    csrfPrevention: true,
    // main.ts owns signal handling and stops the HTTP server and Apollo in order.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    validationRules: [limitsRule(limits)],
    formatError: (formatted) => {
      if (!production) return formatted;
      const { stacktrace: _s, exception: _e, ...extensions } = formatted.extensions ?? {};
      const code = extensions.code;
      // Subgraph errors with a known code are meant for the user; anything else is masked.
      if (!code || code === 'INTERNAL_SERVER_ERROR') {
        return {
          message: 'Internal server error',
          path: formatted.path,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        };
      }
      return { ...formatted, extensions };
    },
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      metricsPlugin<GatewayContext>(metrics),
      operationNamePlugin(),
      inputScalarsPlugin(),
      costLimitPlugin(limits),
    ],
    logger,
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let identity: Identity;
    try {
      identity = await authenticate(req.headers.authorization);
    } catch (error) {
      const message = error instanceof AuthenticationError ? error.message : 'Authentication failed';
      return sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const headers = headerMapOf(req);
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, config.MAX_BODY_BYTES);
      } catch {
        return sendJson(res, 413, {
          errors: [
            {
              message: `Request body exceeds ${config.MAX_BODY_BYTES} bytes`,
              extensions: { code: 'PAYLOAD_TOO_LARGE' },
            },
          ],
        });
      }
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return sendJson(res, 400, {
          errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      if (Array.isArray(body)) {
        return sendJson(res, 400, {
          errors: [
            { message: 'Batched operations are not accepted', extensions: { code: 'BATCHING_NOT_ALLOWED' } },
          ],
        });
      }
    }
    const mismatch = persistedQueryMismatch(req.method === 'POST' ? body : getParameters(url));
    if (mismatch) {
      return sendJson(res, 400, {
        errors: [{ message: mismatch.message, extensions: { code: mismatch.code } }],
      });
    }
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => ({ identity, requestId }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** The report CSVs live in accounting; the gateway authenticates and forwards them signed. */
  const handleCsv = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let identity: Identity;
    try {
      identity = await authenticate(req.headers.authorization);
    } catch (error) {
      return sendJson(res, 401, { error: (error as Error).message, code: 'UNAUTHENTICATED' });
    }
    const accounting = subgraphUrls.accounting;
    if (!accounting) return sendJson(res, 503, { error: 'accounting is not configured' });
    const target = new URL(`${url.pathname}${url.search}`, accounting);
    const upstream = await fetch(target, {
      headers: {
        [IDENTITY_HEADER]: signIdentity(identity, config.GATEWAY_SIGNING_SECRET),
      },
      signal: AbortSignal.timeout(config.SUBGRAPH_TIMEOUT_MS),
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      ...(upstream.headers.get('content-disposition')
        ? { 'content-disposition': upstream.headers.get('content-disposition')! }
        : {}),
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const route = async () => {
      if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && url.pathname === '/ready') return answerReadiness(res, [drain.check]);
      if (req.method === 'GET' && REPORT_CSV_PATHS.has(url.pathname)) return handleCsv(req, res, url);
      if (url.pathname === '/graphql') return handleGraphQL(req, res, url);
      return sendJson(res, 404, { error: 'not found' });
    };
    route().catch((error: Error) => {
      logger.error({ err: error }, 'gateway request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = config.SUBGRAPH_TIMEOUT_MS * 3;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;
  const metricsServer = await serveMetrics(metrics, { host: config.METRICS_HOST, port: config.METRICS_PORT });
  logger.info({ url, metrics: metricsServer.url }, 'gateway listening');

  return {
    url,
    port,
    server,
    metricsUrl: metricsServer.url,
    logger,
    subgraphUrls,
    draining: drain.draining,
    stop: async () => {
      await drain.start();
      await closeHttpServer(server);
      await metricsServer.stop();
      await apollo.stop();
      subgraphClient?.close();
    },
  };
}
