import { createMetrics } from '@platform/observability';
import { consumerLag, loadServiceConfig, serviceReadiness } from './service';

const def = { name: 'readiness-spec', defaultPort: 0, defaultDatabase: 'readiness_spec' };

async function failures(checks: ReturnType<typeof serviceReadiness>): Promise<string[]> {
  const results = await Promise.all(
    checks.map((c) =>
      c.check().then(
        () => null,
        (error: Error) => `${c.name}: ${error.message}`,
      ),
    ),
  );
  return results.filter((r): r is string => r !== null);
}

describe('readiness of a service (/ready)', () => {
  it('sums the consumer lag over partitions and turns not ready only beyond READY_MAX_CONSUMER_LAG', async () => {
    const metrics = createMetrics('readiness-spec');
    metrics.consumerLag.set({ topic: 'sales', partition: '0' }, 4);
    metrics.consumerLag.set({ topic: 'sales', partition: '1' }, 3);
    metrics.consumerLag.set({ topic: 'delivery', partition: '0' }, 3);
    // 4 + 3 + 3 = 10 messages behind.
    expect(await consumerLag(metrics)).toBe(10);
    const checks = (maxLag: number) =>
      serviceReadiness({ draining: () => false, lag: () => consumerLag(metrics), maxLag });
    // 10 is not beyond a bound of 10: ready.
    expect(await failures(checks(10))).toEqual([]);
    // 10 > 9: not ready, and the answer says why.
    expect(await failures(checks(9))).toEqual([
      'consumer lag: 10 messages behind (READY_MAX_CONSUMER_LAG 9)',
    ]);
    // 0 turns the check off, however far behind.
    metrics.consumerLag.set({ topic: 'sales', partition: '0' }, 1_000_000);
    expect(await failures(checks(0))).toEqual([]);
  });

  it('is not ready while draining', async () => {
    let draining = false;
    const checks = serviceReadiness({ draining: () => draining, lag: async () => 0, maxLag: 10 });
    expect(await failures(checks)).toEqual([]);
    draining = true;
    expect(await failures(checks)).toEqual(['shutdown: draining: shutting down']);
  });

  it('reads the bound and the drain time from the environment, with defaults', () => {
    const defaults = loadServiceConfig(def, {});
    expect(defaults.READY_MAX_CONSUMER_LAG).toBe(10_000);
    expect(defaults.SHUTDOWN_DRAIN_MS).toBe(0);
    const set = loadServiceConfig(def, { READY_MAX_CONSUMER_LAG: '250', SHUTDOWN_DRAIN_MS: '5000' });
    expect(set.READY_MAX_CONSUMER_LAG).toBe(250);
    expect(set.SHUTDOWN_DRAIN_MS).toBe(5_000);
    expect(() => loadServiceConfig(def, { READY_MAX_CONSUMER_LAG: '-1' })).toThrow(/READY_MAX_CONSUMER_LAG/);
  });
});
