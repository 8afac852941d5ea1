import { dropDatabaseIfExists } from '@platform/infra';
import {
  entryOf,
  freePorts,
  GATEWAY,
  startTsProcess,
  SUBGRAPHS,
  urlVariable,
  waitForHttp,
  type ManagedProcess,
  type SubgraphName,
} from '@platform/infra';
import {
  KAFKA_BROKERS,
  TEST_SIGNING_SECRET,
  postGraphQL,
  removeTestTopics,
  testDatabaseUrl,
  uniqueId,
  type GraphQLResponse,
} from './test-service';
import { DEV_JWT_SECRET, devToken } from './tokens';

/** The subgraphs a stack runs, from the one service manifest in @platform/infra. */
export const SERVICES = SUBGRAPHS.map((s) => ({
  name: s.name,
  entry: entryOf(s.name),
  urlVariable: urlVariable(s.name),
}));

export type ServiceName = SubgraphName;

export interface Stack {
  gatewayUrl: string;
  gatewayOrigin: string;
  topicPrefix: string;
  brokers: string[];
  serviceUrls: Record<ServiceName, string>;
  /** Each subgraph's `GET /metrics` (its own port, never the API's). */
  metricsUrls: Record<ServiceName, string>;
  gatewayMetricsUrl: string;
  databaseUrls: Record<ServiceName, string>;
  processes: ManagedProcess[];
  /** A JWT for `sub` with `roles`, accepted by this stack's gateway. */
  token(sub: string, roles: string[], name?: string): Promise<string>;
  query<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * The whole platform as it runs for real — four subgraph processes and the gateway process —
 * on free ports, with fresh databases and a private topic prefix on the real broker.
 */
// Four subgraphs migrating fresh databases and joining Kafka groups while other suites run on a
// 2-core CI machine can take well over a minute; a stack that is merely slow must not fail a test.
const STACK_READY_TIMEOUT_MS = 180_000;

export async function startStack(
  options: { env?: Record<string, string>; gatewayEnv?: Record<string, string> } = {},
): Promise<Stack> {
  const id = uniqueId('e2e');
  const topicPrefix = `${id}.`;
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    KAFKA_BROKERS: KAFKA_BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '2',
    MIGRATE_ON_START: 'true',
    DATABASE_POOL_SIZE: '5',
  };
  const processes: ManagedProcess[] = [];
  const serviceUrls = {} as Record<ServiceName, string>;
  const databaseUrls = {} as Record<ServiceName, string>;
  const metricsUrls = {} as Record<ServiceName, string>;
  try {
    // API and metrics ports of every process, distinct: [api, metrics] per service, then the gateway's.
    const ports = await freePorts(2 * SERVICES.length + 2);
    await Promise.all(
      SERVICES.map(async (service, index) => {
        const [port, metricsPort] = ports.slice(2 * index, 2 * index + 2);
        metricsUrls[service.name] = `http://127.0.0.1:${metricsPort}/metrics`;
        const databaseUrl = testDatabaseUrl(`${id}_${service.name.replace(/-/g, '_')}`);
        databaseUrls[service.name] = databaseUrl;
        const proc = startTsProcess(service.name, service.entry, {
          ...common,
          ...options.env,
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          DATABASE_URL: databaseUrl,
        });
        processes.push(proc);
        serviceUrls[service.name] = `http://127.0.0.1:${port}/graphql`;
        await waitForHttp(`http://127.0.0.1:${port}/ready`, proc, STACK_READY_TIMEOUT_MS);
      }),
    );
    const [gatewayPort, gatewayMetricsPort] = ports.slice(-2);
    const gateway = startTsProcess(GATEWAY.name, entryOf(GATEWAY.name), {
      NODE_ENV: 'test',
      LOG_LEVEL: common.LOG_LEVEL,
      PORT: String(gatewayPort),
      METRICS_PORT: String(gatewayMetricsPort),
      AUTH_JWT_SECRET: DEV_JWT_SECRET,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...Object.fromEntries(SERVICES.map((s) => [s.urlVariable, serviceUrls[s.name]])),
      ...options.gatewayEnv,
    });
    processes.push(gateway);
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/health`, gateway, STACK_READY_TIMEOUT_MS);
    const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
    const gatewayUrl = `${gatewayOrigin}/graphql`;
    return {
      gatewayUrl,
      gatewayOrigin,
      topicPrefix,
      brokers: KAFKA_BROKERS,
      serviceUrls,
      metricsUrls,
      gatewayMetricsUrl: `http://127.0.0.1:${gatewayMetricsPort}/metrics`,
      databaseUrls,
      processes,
      token: (sub, roles, name) =>
        devToken({ sub, roles, name, secret: options.gatewayEnv?.AUTH_JWT_SECRET ?? DEV_JWT_SECRET }),
      query: (token, query, variables) =>
        postGraphQL(gatewayUrl, query, variables, { authorization: `Bearer ${token}` }),
      stop: async () => {
        await Promise.all(processes.map((p) => p.stop()));
        await Promise.all(
          Object.values(databaseUrls).map((url) => dropDatabaseIfExists(url).catch(() => undefined)),
        );
        await removeTestTopics(topicPrefix);
      },
    };
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(
      Object.values(databaseUrls).map((url) => dropDatabaseIfExists(url).catch(() => undefined)),
    );
    throw error;
  }
}
