import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per service process. The HTTP layer, the messaging library and the
 * database pool all register here; `GET /metrics` on the metrics port (`serveMetrics`) renders it.
 */
export interface ServiceMetrics {
  registry: Registry;
  requestDuration: Histogram<'operation' | 'type'>;
  errors: Counter<'code'>;
  outboxBacklog: Gauge;
  consumerLag: Gauge<'topic' | 'partition'>;
  dlqMessages: Counter<'topic' | 'reason'>;
  eventsPublished: Counter<'type'>;
  eventsConsumed: Counter<'type' | 'outcome'>;
  dbPool: Gauge<'state'>;
  dbQueries: Counter;
  requestStatements: Histogram;
}

export function createMetrics(service: string, withDefaults = true): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors by extensions.code',
      labelNames: ['code'],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet published to Kafka',
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages between the committed offset and the partition end',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    dlqMessages: new Counter({
      name: 'kafka_dlq_messages_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'events_published_total',
      help: 'Events published from the outbox',
      labelNames: ['type'],
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events consumed, by outcome (applied, duplicate, dead-lettered)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    dbQueries: new Counter({
      name: 'db_queries_total',
      help: 'SQL statements sent to the database',
      registers: [registry],
    }),
    requestStatements: new Histogram({
      name: 'db_statements_per_request',
      help: "SQL statements one GraphQL request sent (its own, not its neighbours')",
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting)',
      labelNames: ['state'],
      registers: [registry],
    }),
  };
}

export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `GET /metrics` on its own listener (METRICS_HOST:METRICS_PORT, by default 127.0.0.1 and a port
 * of its own), never on the port that serves the API: whoever can reach the API cannot read the
 * process's figures. The scraper is given the metrics port; nothing else is answered there.
 */
export async function serveMetrics(
  metrics: ServiceMetrics,
  options: { host: string; port: number },
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/metrics`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
