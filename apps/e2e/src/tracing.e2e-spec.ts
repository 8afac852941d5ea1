import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropDatabaseIfExists } from '@platform/db';
import {
  DEV_JWT_SECRET,
  KAFKA_BROKERS,
  SERVICES,
  TEST_SIGNING_SECRET,
  devToken,
  eventually,
  freePort,
  postGraphQL,
  startTsProcess,
  testDatabaseUrl,
  uniqueId,
  waitForHttp,
  type ManagedProcess,
} from '@platform/testing';

// CONTEXT: issue 18 "OpenTelemetry" — one trace shows a request through the gateway, the
// subgraph, its SQL and outbox row, the relay, the broker and the consumer's projection SQL.
// The four subgraph processes and the gateway process export over OTLP/HTTP (JSON) to a
// collector this test runs in memory; the SDK is configured only by the standard variables.

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  startNanos: bigint;
}

// OTLP span kinds (opentelemetry-proto): 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{
      spans: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano: string;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

const plain = (value: OtlpValue): unknown =>
  value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, plain(a.value)]));

/** An OTLP/HTTP traces endpoint that keeps what it receives. */
async function startCollector(): Promise<{ url: string; spans: CollectedSpan[]; server: Server }> {
  const spans: CollectedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resourceSpans of body.resourceSpans) {
          const service = String(attributesOf(resourceSpans.resource.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans) {
            for (const s of scope.spans) {
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                name: s.name,
                kind: s.kind,
                attributes: attributesOf(s.attributes),
                startNanos: BigInt(s.startTimeUnixNano),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

/** The span tree of one trace, indented by depth, in start order: the figure for the note. */
function renderTree(spans: CollectedSpan[]): string {
  const children = new Map<string, CollectedSpan[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const kinds = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
  const lines: string[] = [];
  const walk = (parent: string, depth: number) => {
    const level = (children.get(parent) ?? []).sort((a, b) => (a.startNanos < b.startNanos ? -1 : 1));
    for (const s of level) {
      lines.push(`${'  '.repeat(depth)}${s.service.padEnd(17)} ${kinds[s.kind] ?? s.kind} ${s.name}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  return lines.join('\n');
}

// The database semantic conventions, old and stable, whichever the pg instrumentation emits.
const isSql = (s: CollectedSpan) =>
  (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql';
const sqlText = (s: CollectedSpan) =>
  String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '');

/**
 * The platform as `startStack` runs it (four subgraph processes and the gateway, fresh databases,
 * a private topic prefix), exporting to the collector. Started here with a longer readiness
 * bound: instrumented processes start slower, and this machine's cores are shared.
 */
async function startTracedStack(collectorUrl: string) {
  const id = uniqueId('e2e_otel');
  const topicPrefix = `${id}.`;
  const common = {
    NODE_ENV: 'test',
    // Debug logs: the consumer's "applying event" line shows the trace it continued.
    LOG_LEVEL: 'debug',
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const processes: ManagedProcess[] = [];
  const databases: string[] = [];
  const urls: Record<string, string> = {};
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(databases.map((url) => dropDatabaseIfExists(url).catch(() => undefined)));
  };
  try {
    await Promise.all(
      SERVICES.map(async (service) => {
        const port = await freePort();
        const databaseUrl = testDatabaseUrl(`${id}_${service.name.replace('-', '_')}`);
        databases.push(databaseUrl);
        const proc = startTsProcess(service.name, service.entry, {
          ...common,
          GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
          KAFKA_BROKERS: KAFKA_BROKERS.join(','),
          KAFKA_TOPIC_PREFIX: topicPrefix,
          KAFKA_TOPIC_PARTITIONS: '2',
          MIGRATE_ON_START: 'true',
          DATABASE_POOL_SIZE: '5',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
        });
        processes.push(proc);
        urls[service.urlVariable] = `http://127.0.0.1:${port}/graphql`;
        await waitForHttp(`http://127.0.0.1:${port}/ready`, proc, 300_000);
      }),
    );
    const gatewayPort = await freePort();
    const gateway = startTsProcess('gateway', 'apps/gateway/src/main.ts', {
      ...common,
      PORT: String(gatewayPort),
      AUTH_JWT_SECRET: DEV_JWT_SECRET,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      ...urls,
    });
    processes.push(gateway);
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/health`, gateway, 300_000);
    const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
    return { gatewayOrigin, gatewayUrl: `${gatewayOrigin}/graphql`, topicPrefix, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

let stack: Awaited<ReturnType<typeof startTracedStack>>;
let collector: Awaited<ReturnType<typeof startCollector>>;
const ADMIN_ID = '00000000-0000-4000-8000-0000000000ab';
const adminToken = () => devToken({ sub: ADMIN_ID, roles: ['ADMIN'], name: 'Admin', secret: DEV_JWT_SECRET });

beforeAll(async () => {
  collector = await startCollector();
  stack = await startTracedStack(collector.url);
}, 700_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => collector?.server.close(resolve));
});

describe('OpenTelemetry trace of a mutation', () => {
  it('shows request → gateway → subgraph → SQL → outbox → relay → broker → consumer → projection SQL in one trace', async () => {
    // The caller's own span: the trace continues it (W3C traceparent, sampled).
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const admin = await adminToken();
    const body = await postGraphQL<{ createTeamMember: { id: string } }>(
      stack.gatewayUrl,
      'mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id } }',
      { input: { name: 'Traced', email: 'traced@e2e.example', roles: ['MEMBER'], weeklyCapacityHours: 40 } },
      { authorization: `Bearer ${admin}`, traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(body.errors).toBeUndefined();

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const byId = (id: string) => inTrace().find((s) => s.spanId === id);
    /** The span matching `is` that descends from `ancestor` (through parent links), if any. */
    const below = (ancestor: CollectedSpan, is: (s: CollectedSpan) => boolean) =>
      inTrace().find((s) => {
        if (!is(s)) return false;
        for (let p = byId(s.parentSpanId); p; p = byId(p.parentSpanId)) if (p === ancestor) return true;
        return false;
      });
    const topic = `${stack.topicPrefix}delivery.events`;
    // Sales applies TeamMemberUpserted to its projection: the last hop of the trace.
    const projectionSql = () => {
      const processed = inTrace().find((s) => s.service === 'sales' && s.name === `process ${topic}`);
      return processed && inTrace().find((s) => s.parentSpanId === processed.spanId && isSql(s));
    };
    await eventually(async () => projectionSql(), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; spans of the trace:\n${renderTree(inTrace())}`);
    });

    const gatewayServer = inTrace().find((s) => s.service === 'gateway' && s.kind === SERVER)!;
    expect(gatewayServer.parentSpanId).toBe(callerSpanId);
    const gatewayRequest = below(gatewayServer, (s) => s.name === 'gateway.request')!;
    const gatewayFetch = below(gatewayRequest, (s) => s.name === 'gateway.fetch')!;
    const subgraphCall = below(gatewayFetch, (s) => s.service === 'gateway' && s.kind === CLIENT)!;
    expect(subgraphCall).toBeDefined();
    const subgraphServer = inTrace().find(
      (s) => s.service === 'project-delivery' && s.kind === SERVER && s.parentSpanId === subgraphCall.spanId,
    )!;
    expect(subgraphServer).toBeDefined();
    const resolver = below(subgraphServer, (s) => s.name.startsWith('graphql.'));
    expect(resolver).toBeDefined();
    const insert = below(subgraphServer, (s) => isSql(s) && /^\s*INSERT/i.test(sqlText(s)));
    expect(insert).toBeDefined();
    const outbox = below(subgraphServer, (s) => s.name === 'create delivery.events' && s.kind === PRODUCER)!;
    expect(outbox).toBeDefined();
    const send = inTrace().find((s) => s.name === `send ${topic}` && s.parentSpanId === outbox.spanId)!;
    expect(send).toMatchObject({ service: 'project-delivery', kind: PRODUCER });
    const processed = inTrace().find((s) => s.service === 'sales' && s.name === `process ${topic}`)!;
    expect(processed).toMatchObject({ kind: CONSUMER, parentSpanId: send.spanId });
    expect(processed.attributes['platform.event.type']).toBe('TeamMemberUpserted');
    expect(projectionSql()!.service).toBe('sales');

    // Logs carry the trace: sales's line for applying the event names this trace and span.
    const sales = stack.processes.find((p) => p.name === 'sales')!;
    const line = sales
      .output()
      .split('\n')
      .find((l) => l.includes(traceId) && l.includes('applying event'));
    expect(JSON.parse(line!)).toMatchObject({
      trace_id: traceId,
      span_id: processed.spanId,
      type: 'TeamMemberUpserted',
    });

    // The exported trace, for the closing note.
    process.stdout.write(`\nExported trace ${traceId}:\n${renderTree(inTrace())}\n`);
  });

  it('does not trace health probes', async () => {
    const response = await fetch(`${stack.gatewayOrigin}/health`, {
      headers: { traceparent: '00-5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(response.status).toBe(200);
    // A GraphQL request after the probe: once its spans arrive, the probe's would have too.
    const admin = await adminToken();
    await postGraphQL(stack.gatewayUrl, '{ __typename }', undefined, {
      authorization: `Bearer ${admin}`,
      traceparent: '00-6bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    await eventually(
      async () => collector.spans.some((s) => s.traceId === '6bf92f3577b34da6a3ce929d0e0e4736'),
      30_000,
    );
    expect(collector.spans.filter((s) => s.traceId === '5bf92f3577b34da6a3ce929d0e0e4736')).toEqual([]);
  });
});
