import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
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
import { IDENTITY_HEADER, signIdentity, type Identity } from '@platform/graphql-kit';
import {
  childTrace,
  createLogger,
  createMetrics,
  formatTraceparent,
  parseTraceparent,
  type Logger,
  type ServiceMetrics,
  type TraceContext,
} from '@platform/observability';
import { AuthenticationError, createAuthenticator } from './auth';
import { SUBGRAPH_URL_VARIABLES, type GatewayConfig } from './config';
import { costLimitPlugin, limitsRule, type QueryLimits } from './limits';
import { createSubgraphFetcher } from './subgraph-client';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  trace: TraceContext;
}

/** Forwards the verified identity, signed, plus request id and trace context; nothing from the client. */
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
      headers.set('traceparent', formatTraceparent(childTrace(context.trace)));
    }
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

function metricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          metrics.requestDuration.observe(
            { operation: ctx.operationName ?? 'anonymous', type: ctx.operation?.operation ?? 'unknown' },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        },
        async didEncounterErrors(ctx) {
          for (const e of ctx.errors)
            metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('TOO_LARGE'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  logger: Logger;
  subgraphUrls: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startGateway(
  config: GatewayConfig,
  options: { supergraphSdl?: string } = {},
): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const metrics = createMetrics('gateway');
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
      const variable = SUBGRAPH_URL_VARIABLES[name as keyof typeof SUBGRAPH_URL_VARIABLES];
      const target = (variable && config[variable]) || url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set ${variable ?? 'its routing URL'}`);
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
      metricsPlugin(metrics),
      costLimitPlugin(limits),
    ],
    logger,
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL, trace: TraceContext) => {
    let identity: Identity;
    try {
      identity = await authenticate(req.headers.authorization);
    } catch (error) {
      const message = error instanceof AuthenticationError ? error.message : 'Authentication failed';
      return sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
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
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => ({ identity, requestId, trace }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** The report CSVs live in accounting; the gateway authenticates and forwards them signed. */
  const handleCsv = async (req: IncomingMessage, res: ServerResponse, url: URL, trace: TraceContext) => {
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
        traceparent: formatTraceparent(childTrace(trace)),
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
    const trace = childTrace(parseTraceparent(req.headers.traceparent as string | undefined));
    const route = async () => {
      if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && url.pathname === '/ready') return sendJson(res, 200, { status: 'ready' });
      if (req.method === 'GET' && url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        return void res.end(await metrics.registry.metrics());
      }
      if (req.method === 'GET' && REPORT_CSV_PATHS.has(url.pathname)) return handleCsv(req, res, url, trace);
      if (url.pathname === '/graphql') return handleGraphQL(req, res, url, trace);
      return sendJson(res, 404, { error: 'not found' });
    };
    route().catch((error: Error) => {
      logger.error({ err: error, traceId: trace.traceId }, 'gateway request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = config.SUBGRAPH_TIMEOUT_MS * 3;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;
  logger.info({ url }, 'gateway listening');

  return {
    url,
    port,
    server,
    logger,
    subgraphUrls,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      subgraphClient?.close();
    },
  };
}
