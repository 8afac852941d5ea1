import { dropDatabaseIfExists } from '@platform/db';
import { freePorts, startTsProcess, waitForHttp, type ManagedProcess } from './processes';
import {
  KAFKA_BROKERS,
  TEST_SIGNING_SECRET,
  postGraphQL,
  testDatabaseUrl,
  uniqueId,
  type GraphQLResponse,
} from './test-service';
import { DEV_JWT_SECRET, devToken } from './tokens';

export const SERVICES = [
  { name: 'sales', entry: 'apps/sales/src/main.ts', urlVariable: 'SALES_URL' },
  { name: 'engagement', entry: 'apps/engagement/src/main.ts', urlVariable: 'ENGAGEMENT_URL' },
  {
    name: 'project-delivery',
    entry: 'apps/project-delivery/src/main.ts',
    urlVariable: 'PROJECT_DELIVERY_URL',
  },
  { name: 'accounting', entry: 'apps/accounting/src/main.ts', urlVariable: 'ACCOUNTING_URL' },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

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
        const databaseUrl = testDatabaseUrl(`${id}_${service.name.replace('-', '_')}`);
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
        await waitForHttp(`http://127.0.0.1:${port}/ready`, proc);
      }),
    );
    const [gatewayPort, gatewayMetricsPort] = ports.slice(-2);
    const gateway = startTsProcess('gateway', 'apps/gateway/src/main.ts', {
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
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/health`, gateway);
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
