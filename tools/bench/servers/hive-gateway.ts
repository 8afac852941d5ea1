/**
 * The peer gateway for the federation benchmark (level L2'): Hive Gateway's runtime
 * (`@graphql-hive/gateway`) over node:http, serving the same supergraph as our gateway and doing
 * the same per-request work our gateway does — verify the HS256 JWT (the same authenticator),
 * sign the identity for every subgraph call, forward the request id.
 *
 *   PORT=4600 SALES_URL=… ENGAGEMENT_URL=… PROJECT_DELIVERY_URL=… ACCOUNTING_URL=… \
 *   AUTH_JWT_SECRET=… GATEWAY_SIGNING_SECRET=… HIVE_WORKERS=1 node --import tsx tools/bench/servers/hive-gateway.ts
 *
 * HIVE_WORKERS > 1 runs one node:cluster worker each, as our gateway's GATEWAY_WORKERS does.
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, signIdentity, type Identity } from '@platform/graphql-kit';
// A benchmark runs the peer with our own authenticator so both gateways verify tokens alike.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createAuthenticator } from '../../../apps/gateway/src/auth';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadGatewayConfig } from '../../../apps/gateway/src/config';

const config = loadGatewayConfig();
const workers = Number(process.env.HIVE_WORKERS ?? 1);

/** The supergraph with each subgraph's routing URL replaced by the configured one. */
function supergraph(): string {
  let sdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  for (const [name, url] of Object.entries(config.subgraphUrls)) {
    if (url) sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
  }
  return sdl;
}

interface BenchContext {
  identity?: Identity;
  requestId?: string;
}

function serve(): void {
  const authenticate = createAuthenticator(config);
  const identityPlugin: GatewayPlugin<BenchContext> = {
    async onContextBuilding({ context, extendContext }) {
      let identity: Identity;
      try {
        identity = await authenticate(context.request.headers.get('authorization') ?? undefined);
      } catch (error) {
        throw new GraphQLError((error as Error).message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      extendContext({
        identity,
        requestId: context.request.headers.get('x-request-id') ?? randomUUID(),
      });
    },
  };
  const gateway = createGatewayRuntime<BenchContext>({
    supergraph: supergraph(),
    logging: 'error',
    landingPage: false,
    graphiql: false,
    plugins: () => [identityPlugin],
    // Headers given here become part of the subgraph request's identity in Hive's in-flight
    // deduplication (set in onFetch instead, concurrent identical subgraph calls of different
    // users would share one response).
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) =>
        context.identity
          ? {
              [IDENTITY_HEADER]: signIdentity(context.identity, config.GATEWAY_SIGNING_SECRET),
              'x-request-id': context.requestId,
            }
          : undefined,
    },
  });
  const server = createServer(gateway);
  server.keepAliveTimeout = 65_000;
  server.listen(config.PORT, config.HOST);
  const shutdown = () => {
    server.close();
    server.closeIdleConnections();
    void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  const stop = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} else {
  serve();
}
