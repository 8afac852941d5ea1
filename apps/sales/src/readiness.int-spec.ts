import { dropDatabaseIfExists } from '@platform/db';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';

// /ready of a running subgraph (real PostgreSQL and Kafka): orchestrators take an instance out of
// the load balancer while its consumer is too far behind and while it drains on shutdown.
let service: TestService;
let stopped = false;

beforeAll(async () => {
  service = await startTestService(salesService, {
    env: { READY_MAX_CONSUMER_LAG: '5', SHUTDOWN_DRAIN_MS: '2000' },
  });
}, 120_000);

afterAll(async () => {
  if (!stopped) await service?.close();
  else await dropDatabaseIfExists(service.databaseUrl);
});

const ready = async () => {
  const response = await fetch(`http://127.0.0.1:${service.port}/ready`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
};

describe('readiness (/ready)', () => {
  it('turns 503 while the consumer lags beyond READY_MAX_CONSUMER_LAG, and 200 again once it caught up', async () => {
    await eventually(async () => (await ready()).status === 200, 60_000);
    // 4 + 2 = 6 messages behind > 5.
    service.metrics.consumerLag.set({ topic: 'lag-probe', partition: '0' }, 4);
    service.metrics.consumerLag.set({ topic: 'lag-probe', partition: '1' }, 2);
    const behind = await ready();
    expect(behind.status).toBe(503);
    expect(behind.body.checks['consumer lag']).toBe('6 messages behind (READY_MAX_CONSUMER_LAG 5)');
    // 4 + 1 = 5 is within the bound.
    service.metrics.consumerLag.set({ topic: 'lag-probe', partition: '1' }, 1);
    expect((await ready()).status).toBe(200);
  });

  it('answers 503 while draining on stop, and keeps serving until SHUTDOWN_DRAIN_MS has passed', async () => {
    service.metrics.consumerLag.set({ topic: 'lag-probe', partition: '0' }, 0);
    expect((await ready()).status).toBe(200);
    stopped = true;
    const stopping = service.stop();
    const draining = await ready();
    expect(draining.status).toBe(503);
    expect(draining.body.checks.shutdown).toBe('draining: shutting down');
    await stopping;
    await expect(fetch(`http://127.0.0.1:${service.port}/ready`)).rejects.toThrow();
  });
});
