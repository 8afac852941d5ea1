import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, commonEnv, defaults, loadConfig, shutdownEnv } from '@platform/config';
// The manifest alone (no database or Kafka code): this module loads before tracing starts.
import { SUBGRAPHS, urlVariable } from '@platform/infra/services';

const optionalUrl = z.url().optional();

export const gatewayEnv = z.object({
  ...commonEnv,
  ...shutdownEnv,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Where `GET /metrics` is served: its own port, never the API's; loopback unless a scraper needs more. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9400),
  /** HS256 secret for locally issued tokens (npm run token). */
  AUTH_JWT_SECRET: z.string().min(16).default(defaults.DEV_JWT_SECRET),
  /** Production identity provider: tokens signed by a key from this JWKS are accepted too. */
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  /** Verified tokens kept per process until they expire (0: verify every request). */
  /** Oldest a token may be by its `iat`, whatever its `exp` says (0: no cap; `exp` is always required). */
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  AUTH_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  /** Composed at build time; next to main.js in a built artifact, apps/gateway/ in the repository. */
  SUPERGRAPH_PATH: z
    .string()
    .default(
      existsSync(join(__dirname, 'supergraph.graphql'))
        ? join(__dirname, 'supergraph.graphql')
        : join(__dirname, '../supergraph.graphql'),
    ),
  MAX_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_ALIASES: z.coerce.number().int().positive().default(30),
  MAX_COST: z.coerce.number().int().positive().default(50_000),
  DEFAULT_LIST_SIZE: z.coerce.number().int().positive().default(20),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(100_000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Processes serving the gateway: 1 (no cluster), a number, or `auto` (one per core, node:cluster). */
  GATEWAY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(256)]).default(1),
  /** How subgraphs are called: a node:http keep-alive agent (`agent`) or Node's built-in fetch (`fetch`). */
  SUBGRAPH_HTTP_CLIENT: z.enum(['agent', 'fetch']).default('agent'),
  /** Reuse connections to subgraphs (`agent` client; Node's fetch always keeps them alive). */
  SUBGRAPH_KEEP_ALIVE: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Approximate size of the query-plan cache in MiB; 0 turns it off (every request is planned again). */
  QUERY_PLAN_CACHE_MIB: z.coerce.number().int().min(0).max(4096).default(30),
});

/**
 * A subgraph's URL override, `<NAME>_URL` (SALES_URL, PROJECT_DELIVERY_URL, …) for every subgraph
 * of the manifest (libs/infra/src/services.json); unset, the supergraph's routing URL is used.
 */
export const subgraphUrlEnv = z.object(
  Object.fromEntries(SUBGRAPHS.map((s) => [urlVariable(s.name), optionalUrl])),
);

export type GatewayConfig = z.infer<typeof gatewayEnv> & {
  /** Subgraph name in the supergraph → its URL override, when its `<NAME>_URL` is set. */
  subgraphUrls: Record<string, string | undefined>;
};

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls = loadConfig(subgraphUrlEnv, env);
  const config = {
    ...loadConfig(gatewayEnv, env),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, urls[urlVariable(s.name)]])),
  };
  if (config.NODE_ENV === 'production') {
    if (config.AUTH_JWT_SECRET === defaults.DEV_JWT_SECRET) {
      throw new ConfigError('AUTH_JWT_SECRET: the development default must not be used in production');
    }
    if (config.GATEWAY_SIGNING_SECRET === defaults.DEV_GATEWAY_SECRET) {
      throw new ConfigError('GATEWAY_SIGNING_SECRET: the development default must not be used in production');
    }
  }
  return config;
}

export { urlVariable };
