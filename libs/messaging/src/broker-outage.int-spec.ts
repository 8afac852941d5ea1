import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafkaBroker, type KafkaBrokerHandle } from '@platform/infra';
import type { Messaging } from './messaging';
import {
  consumerMessaging,
  count,
  counterValue,
  createSide,
  CreateTally1767225700000,
  logTime,
  producerMessaging,
  tally,
  uniqueId,
  type ServiceSide,
} from './testing/pipeline';
import { eventually } from '@platform/infra';

// CONTEXT: ARCHITECTURE.md "Transactional outbox" — a broker outage delays events, never loses
// them, and never fails the user's mutation. This file runs its own broker so that stopping it
// disturbs no other test file.
describe('a broker outage', () => {
  // An even port in 19100..19898 (the controller takes port + 1), so parallel runs rarely collide.
  const port = 19_100 + 2 * Math.floor(Math.random() * 400);
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-outage-'));
  const brokerOptions = {
    port,
    controllerPort: port + 1,
    dataDir: join(dataDir, 'data'),
    logFile: join(dataDir, 'kafka.log'),
    // A cold JVM start on 2 busy cores can take far longer than on an idle machine.
    startTimeoutMs: 150_000,
  };
  const brokers = [`127.0.0.1:${port}`];
  const topicPrefix = `t${uniqueId()}.`;
  let broker: KafkaBrokerHandle | null = null;
  let producerSide: ServiceSide;
  let consumerSide: ServiceSide;
  let producer: Messaging;
  let consumer: Messaging;

  beforeAll(async () => {
    [broker, producerSide, consumerSide] = await Promise.all([
      startKafkaBroker(brokerOptions),
      createSide('outage_producer'),
      createSide('outage_consumer', [CreateTally1767225700000]),
    ]);
    producer = producerMessaging(producerSide, { brokers, topicPrefix, relay: { pollIntervalMs: 200 } });
    consumer = consumerMessaging(consumerSide, { brokers, topicPrefix });
    await Promise.all([producer.start(), consumer.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
    await broker?.stop();
    await Promise.all([producerSide?.close(), consumerSide?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('accepts every write while the broker is down and applies each event exactly once after it returns', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const expected: Record<string, number> = {};
    let total = 0;
    const write = async (entries: Array<[string, number]>): Promise<void> => {
      await logTime(producerSide, producer, entries);
      for (const [id, minutes] of entries) expected[id] = (expected[id] ?? 0) + minutes;
      total += entries.length;
    };

    await write([[ids[0], 1]]);
    await eventually(async () => (await tally(consumerSide))[ids[0]] === 1, {
      describe: () => 'the first event never arrived',
      timeoutMs: 30_000,
    });

    await broker?.stop();
    broker = null;
    await expect(producer.ready()).rejects.toThrow(/unreachable/);

    // A burst of writes for 10 s with the broker down: every transaction commits.
    const outageEnds = Date.now() + 10_000;
    let burst = 0;
    while (Date.now() < outageEnds) {
      burst += 1;
      await write(ids.map((id, i): [string, number] => [id, (burst % 50) + i + 1]));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await count(producerSide, 'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL')).toBe(
      total - 1,
    );

    broker = await startKafkaBroker(brokerOptions);
    await producer.drainOutbox(45_000);
    await eventually(
      async () => JSON.stringify(await tally(consumerSide)) === JSON.stringify(sortKeys(expected)),
      {
        describe: async () =>
          `tally ${JSON.stringify(await tally(consumerSide))}, expected ${JSON.stringify(expected)}`,
        timeoutMs: 45_000,
      },
    );

    expect(await tally(consumerSide)).toEqual(expected);
    expect(await count(consumerSide, 'SELECT count(*) AS n FROM applied_log')).toBe(total);
    expect(await count(consumerSide, 'SELECT count(*) AS n FROM inbox')).toBe(total);
    const applied = () => counterValue(consumerSide.metrics, 'eventsConsumed', { outcome: 'applied' });
    await eventually(async () => (await applied()) >= total, {
      describe: async () => `${await applied()} applied`,
      timeoutMs: 30_000,
    });
    expect(await applied()).toBe(total);
    await expect(producer.ready()).resolves.toBeUndefined();
  }, 240_000);
});

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
