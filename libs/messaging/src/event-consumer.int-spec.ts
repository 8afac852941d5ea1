import { randomUUID } from 'node:crypto';
import type { Messaging } from './messaging';
import { produceRaw, readRawTopic, type RawTopicMessage } from './testing/topic-tools';
import {
  consumerMessaging,
  count,
  counterValue,
  createSide,
  CreateTally1767225700000,
  KAFKA_BROKERS,
  logTime,
  producerMessaging,
  tally,
  tallyOf,
  timeLogged,
  uniqueId,
  type ServiceSide,
} from './testing/pipeline';
import { eventually } from '@platform/infra';
import { createEvent } from '@platform/events';
import { createMetrics } from '@platform/observability';

/** A fresh producer/consumer pair on its own databases and topics. */
async function pipeline(
  options: { consumer?: Parameters<typeof consumerMessaging>[1]['consumer']; cursed?: string } = {},
) {
  const topicPrefix = `t${uniqueId()}.`;
  const [producerSide, consumerSide] = await Promise.all([
    createSide('consumer_producer'),
    createSide('consumer_consumer', [CreateTally1767225700000]),
  ]);
  const producer = producerMessaging(producerSide, { topicPrefix });
  const hook = options.cursed
    ? (event: { payload: { engagementId: string } }) => {
        if (event.payload.engagementId === options.cursed)
          throw new Error('the handler refuses this engagement');
      }
    : undefined;
  const consumer = consumerMessaging(consumerSide, { topicPrefix, consumer: options.consumer, hook });
  await Promise.all([producer.start(), consumer.start()]);
  const messagings = [producer, consumer];
  return {
    topicPrefix,
    topic: `${topicPrefix}delivery.events`,
    producerSide,
    consumerSide,
    producer,
    consumer,
    messagings,
    async close(): Promise<void> {
      await Promise.all(messagings.map((m) => m.stop()));
      await Promise.all([producerSide.close(), consumerSide.close()]);
    },
  };
}

type Pipeline = Awaited<ReturnType<typeof pipeline>>;

const engagements = (n: number): string[] => Array.from({ length: n }, () => randomUUID());

/** 60 entries over 6 engagements, and the tally they must produce. */
function workload(ids: string[]): { entries: Array<[string, number]>; expected: Record<string, number> } {
  const entries: Array<[string, number]> = [];
  const expected: Record<string, number> = {};
  for (let i = 0; i < 60; i++) {
    const id = ids[i % ids.length];
    const minutes = 10 + i;
    entries.push([id, minutes]);
    expected[id] = (expected[id] ?? 0) + minutes;
  }
  return { entries, expected };
}

async function waitForTally(side: ServiceSide, expected: Record<string, number>): Promise<void> {
  const want = JSON.stringify(Object.entries(expected).sort());
  await eventually(async () => JSON.stringify(Object.entries(await tally(side)).sort()) === want, {
    describe: async () => `tally ${JSON.stringify(await tally(side))}, expected ${JSON.stringify(expected)}`,
    timeoutMs: 30_000,
  });
}

// CONTEXT: ARCHITECTURE.md "Idempotent inbox" and the dead-letter rule: a redelivered or
// replayed event changes nothing; a message this consumer cannot read goes to <topic>.dlq and
// the partition keeps moving.
describe('event consumer', () => {
  const open: Pipeline[] = [];
  const started: Messaging[] = [];
  afterAll(async () => {
    await Promise.all(started.map((m) => m.stop()));
    await Promise.all(open.map((p) => p.close()));
  });

  it('changes nothing when the whole topic is replayed from the beginning', async () => {
    const p = await pipeline();
    open.push(p);
    const { entries, expected } = workload(engagements(6));
    await logTime(p.producerSide, p.producer, entries.slice(0, 30));
    await logTime(p.producerSide, p.producer, entries.slice(30));
    await p.producer.drainOutbox();
    await waitForTally(p.consumerSide, expected);

    const original = await readRawTopic({
      brokers: KAFKA_BROKERS,
      topic: p.topic,
      until: (m) => m.length >= 60,
    });
    expect(original).toHaveLength(60);
    await produceRaw({
      brokers: KAFKA_BROKERS,
      topic: p.topic,
      messages: original.map((m) => ({ key: m.key ?? '', value: m.value ?? '', headers: m.headers })),
    });
    await eventually(
      async () =>
        (await counterValue(p.consumerSide.metrics, 'eventsConsumed', { outcome: 'duplicate' })) === 60,
      {
        describe: async () =>
          `${await counterValue(p.consumerSide.metrics, 'eventsConsumed', { outcome: 'duplicate' })} duplicates`,
        timeoutMs: 30_000,
      },
    );

    expect(await tally(p.consumerSide)).toEqual(expected);
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM applied_log')).toBe(60);
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM inbox')).toBe(60);
    expect(await counterValue(p.consumerSide.metrics, 'eventsConsumed', { outcome: 'applied' })).toBe(60);
  });

  it('does not count twice when the consumer dies between its database commit and its offset commit', async () => {
    let crashing = true;
    let crashes = 0;
    const p = await pipeline({
      consumer: {
        chunkSize: 8,
        afterDatabaseCommit: () => {
          if (!crashing) return;
          crashes += 1;
          throw new Error('killed after the database commit, before the offset commit');
        },
      },
    });
    open.push(p);
    const { entries, expected } = workload(engagements(6));
    await logTime(p.producerSide, p.producer, entries);
    await p.producer.drainOutbox();
    await eventually(() => crashes >= 3, { describe: () => `${crashes} crashes`, timeoutMs: 30_000 });
    await p.consumer.stop();
    crashing = false;
    // The projection holds the chunks whose transactions committed; none of their offsets did.
    const committedBefore = await count(p.consumerSide, 'SELECT count(*) AS n FROM inbox');
    expect(committedBefore).toBeGreaterThan(0);
    const firstRun = p.consumerSide.metrics;
    expect(await counterValue(firstRun, 'eventsConsumed', { outcome: 'applied' })).toBe(committedBefore);

    const secondRun = createMetrics('accounting', false);
    const restarted = consumerMessaging(p.consumerSide, { topicPrefix: p.topicPrefix, metrics: secondRun });
    started.push(restarted);
    await restarted.start();
    await waitForTally(p.consumerSide, expected);
    const duplicates = () => counterValue(secondRun, 'eventsConsumed', { outcome: 'duplicate' });
    await eventually(async () => (await duplicates()) === committedBefore, {
      describe: async () => `${await duplicates()} duplicates, expected ${committedBefore}`,
      timeoutMs: 30_000,
    });

    expect(await tally(p.consumerSide)).toEqual(expected);
    expect(await counterValue(secondRun, 'eventsConsumed', { outcome: 'applied' })).toBe(
      60 - committedBefore,
    );
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM applied_log')).toBe(60);
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM inbox')).toBe(60);
  });

  it('dead-letters an invalid payload and an unknown version, and still applies what follows on the partition', async () => {
    const p = await pipeline();
    open.push(p);
    const engagementId = randomUUID();
    const valid = createEvent('TimeLogged', timeLogged(engagementId, 15), { source: 'project-delivery' });
    const invalidPayload = JSON.stringify({
      ...valid,
      id: randomUUID(),
      payload: { ...valid.payload, minutes: 0 },
    });
    const unknownVersion = JSON.stringify({ ...valid, id: randomUUID(), version: 99 });
    const notJson = '{"id": broken';
    await produceRaw({
      brokers: KAFKA_BROKERS,
      topic: p.topic,
      messages: [
        { key: engagementId, value: invalidPayload, headers: { type: 'TimeLogged', version: '1' } },
        { key: engagementId, value: unknownVersion, headers: { type: 'TimeLogged', version: '99' } },
        { key: engagementId, value: notJson },
      ],
    });
    await logTime(p.producerSide, p.producer, [
      [engagementId, 20],
      [engagementId, 25],
    ]);
    await p.producer.drainOutbox();
    await waitForTally(p.consumerSide, { [engagementId]: 45 });

    const dlq = await readRawTopic({
      brokers: KAFKA_BROKERS,
      topic: `${p.topic}.dlq`,
      until: (m) => m.length >= 3,
    });
    const byReason = (reason: string): RawTopicMessage | undefined =>
      dlq.find((m) => m.headers['dlq-reason'] === reason);
    expect(dlq).toHaveLength(3);
    expect(byReason('INVALID_PAYLOAD')?.value).toBe(invalidPayload);
    expect(byReason('INVALID_PAYLOAD')?.headers['dlq-error']).toMatch(/minutes/);
    expect(byReason('UNKNOWN_VERSION')?.value).toBe(unknownVersion);
    expect(byReason('UNKNOWN_VERSION')?.headers['dlq-error']).toMatch(/v99 is not known/);
    expect(byReason('INVALID_ENVELOPE')?.value).toBe(notJson);
    for (const message of dlq) {
      expect(message.key).toBe(engagementId);
      expect(message.headers['dlq-original-topic']).toBe(p.topic);
      expect(message.headers['dlq-original-partition']).toMatch(/^\d+$/);
      expect(message.headers['dlq-original-offset']).toMatch(/^\d+$/);
    }
    expect(dlq.map((m) => Number(m.headers['dlq-original-offset']))).toEqual([0, 1, 2]);
    expect(await counterValue(p.consumerSide.metrics, 'dlqMessages')).toBe(3);
    expect(await tally(p.consumerSide)).toEqual({ [engagementId]: 45 });
  });

  it('shows each handler the events its chunk applies, in order, a redelivered copy not among them', async () => {
    const seen: Array<{ id: string; chunk: string[] }> = [];
    const topicPrefix = `t${uniqueId()}.`;
    const side = await createSide('consumer_chunk_events', [CreateTally1767225700000]);
    const consumer = consumerMessaging(side, {
      topicPrefix,
      hook: (event, chunk) => {
        seen.push({ id: event.id, chunk: chunk.events.map((e) => e.id) });
      },
    });
    await consumer.start();
    try {
      // A, a relay's second copy of A, then B: one send, one key, so one partition and one batch.
      const engagementId = randomUUID();
      const [a, b] = [30, 45].map((minutes) =>
        createEvent('TimeLogged', timeLogged(engagementId, minutes), { source: 'project-delivery' }),
      );
      await produceRaw({
        brokers: KAFKA_BROKERS,
        topic: `${topicPrefix}delivery.events`,
        messages: [a, a, b].map((e) => ({ key: engagementId, value: JSON.stringify(e) })),
      });
      await waitForTally(side, { [engagementId]: 75 });
      // One send is one record batch, fetched whole: both handlers saw the same chunk, A then B,
      // the copy of A (a duplicate by the inbox) not in it.
      expect(seen).toEqual([
        { id: a.id, chunk: [a.id, b.id] },
        { id: b.id, chunk: [a.id, b.id] },
      ]);
    } finally {
      await consumer.stop();
      await side.close();
    }
  });

  it('skips events of a type it has no handler for, without writing anything', async () => {
    const p = await pipeline();
    open.push(p);
    const engagementId = randomUUID();
    await p.producerSide.dataSource.transaction(async (manager) => {
      await p.producer.outbox.publish(manager, 'ProjectStarted', {
        projectId: randomUUID(),
        engagementId,
        startedAt: '2026-03-02T09:00:00.000Z',
      });
      await p.producer.outbox.publish(manager, 'TimeLogged', timeLogged(engagementId, 40));
    });
    await p.producer.drainOutbox();
    await waitForTally(p.consumerSide, { [engagementId]: 40 });
    await eventually(
      async () =>
        (await counterValue(p.consumerSide.metrics, 'eventsConsumed', { outcome: 'ignored' })) === 1,
      { describe: () => 'the ProjectStarted event was not acknowledged', timeoutMs: 30_000 },
    );

    expect(
      await count(p.consumerSide, "SELECT count(*) AS n FROM inbox WHERE event_type = 'ProjectStarted'"),
    ).toBe(0);
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM inbox')).toBe(1);
  });

  it('dead-letters an event whose handler keeps failing and applies the rest of its chunk', async () => {
    const cursed = randomUUID();
    const p = await pipeline({ cursed, consumer: { maxAttempts: 2 } });
    open.push(p);
    const healthy = randomUUID();
    const [, poisoned] = await logTime(p.producerSide, p.producer, [
      [healthy, 5],
      [cursed, 50],
      [healthy, 6],
    ]);
    await p.producer.drainOutbox();
    await waitForTally(p.consumerSide, { [healthy]: 11 });

    const dlq = await readRawTopic({
      brokers: KAFKA_BROKERS,
      topic: `${p.topic}.dlq`,
      until: (m) => m.length >= 1,
    });
    expect(dlq).toHaveLength(1);
    expect(dlq[0].headers['dlq-reason']).toBe('HANDLER_FAILED');
    expect(dlq[0].headers['dlq-error']).toBe('the handler refuses this engagement');
    expect(JSON.parse(dlq[0].value ?? '').id).toBe(poisoned.id);
    expect(await tallyOf(p.consumerSide, cursed)).toBeUndefined();
    expect(await count(p.consumerSide, 'SELECT count(*) AS n FROM inbox')).toBe(2);
    expect(await counterValue(p.consumerSide.metrics, 'eventsConsumed', { outcome: 'dead_lettered' })).toBe(
      1,
    );
  });
});
