import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Reads and validates configuration once, from environment variables only. A bad or missing
 * variable stops start-up with a message that names it, instead of failing later at first use.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return `  ${name}: ${issue.message}${name in env ? ` (got "${env[name]}")` : ''}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

const DEV_JWT_SECRET = 'dev-secret-not-for-production';
const DEV_GATEWAY_SECRET = 'dev-gateway-signing-secret-not-for-production';

export const defaults = { DEV_JWT_SECRET, DEV_GATEWAY_SECRET } as const;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Shared by the gateway and every subgraph to sign and verify the forwarded identity. */
  GATEWAY_SIGNING_SECRET: z.string().min(16).default(DEV_GATEWAY_SECRET),
  /** Seconds a gateway signature stays valid (clock skew plus request time). */
  GATEWAY_SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(60),
};

/**
 * How long a stopping process (the gateway or a subgraph) keeps serving after SIGTERM while its
 * `/ready` answers 503, so that the load balancer stops routing to it before its server closes.
 */
export const shutdownEnv = {
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(0),
};

/** Configuration every subgraph service reads. */
export function subgraphEnv(service: { name: string; port: number; database: string }) {
  return z.object({
    ...commonEnv,
    HOST: z.string().default('127.0.0.1'),
    PORT: port(service.port),
    /** `GET /metrics` on its own port (the API port + 5400, e.g. 9402 for 4002), loopback by default. */
    METRICS_HOST: z.string().default('127.0.0.1'),
    METRICS_PORT: port(service.port + 5400),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default(`postgres://postgres@127.0.0.1:5432/${service.database}`),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((v) =>
        v
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      ),
    /** Prefix for topic and consumer-group names, so that parallel test runs never share them. */
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/)
      .default(''),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
    /**
     * A consumer's fetch answers once this many bytes are there, or after KAFKA_FETCH_MAX_WAIT_MS.
     * The default answers at once (lowest latency); more bytes mean fewer, larger fetches and
     * bigger chunks per transaction under load, at the price of up to the max wait when quiet.
     */
    KAFKA_FETCH_MIN_BYTES: z.coerce.number().int().min(1).max(10_485_760).default(1),
    KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(5_000).default(250),
    /** Run the outbox relay and event consumers in this process (off for a read-only replica). */
    EVENTS_ENABLED: bool(true),
    /** Apply pending migrations at start-up; development only — production runs them as a job. */
    MIGRATE_ON_START: bool(false),
  });
}

export function assertProductionSecrets(config: { NODE_ENV: string; GATEWAY_SIGNING_SECRET: string }): void {
  if (config.NODE_ENV === 'production' && config.GATEWAY_SIGNING_SECRET === DEV_GATEWAY_SECRET) {
    throw new ConfigError('GATEWAY_SIGNING_SECRET: the development default must not be used in production');
  }
}

/**
 * Margin % under which an engagement is at risk and an estimate needs a FINANCE approval
 * (ARCHITECTURE.md: default 20, configurable). One definition for sales and accounting, so the
 * same value is accepted or refused by both: a percentage from −100 (only a loss of the whole
 * revenue again counts) to 100.
 */
export const MARGIN_THRESHOLD_PERCENT = z.coerce.number().min(-100).max(100).default(20);
