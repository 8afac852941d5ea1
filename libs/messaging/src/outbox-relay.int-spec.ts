import { randomUUID } from 'node:crypto';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { recordSpans } from '@platform/observability';
import type { Messaging } from './messaging';
import { readTopic } from './testing/topic-tools';
import {
  appliedSequence,
  consumerMessaging,
  count,
  createSide,
  CreateTally1767225700000,
  KAFKA_BROKERS,
  logTime,
  producerMessaging,
  publishAll,
  tallyOf,
  timeLogged,
  uniqueId,
  type ServiceSide,
} from './testing/pipeline';
import { eventually } from '@platform/infra';

// CONTEXT: ARCHITECTURE.md "Transactional outbox" — a state change and its events commit in one
// transaction; the relay publishes them, in order per key, whatever happens to the relay.
describe('outbox relay', () => {
  const topicPrefix = `t${uniqueId()}.`;
  let producerSide: ServiceSide;
  let consumerSide: ServiceSide;
  let consumer: Messaging;
  const running: Messaging[] = [];

  const startProducer = async (
    relay?: Parameters<typeof producerMessaging>[1]['relay'],
  ): Promise<Messaging> => {
    const messaging = producerMessaging(producerSide, { topicPrefix, relay });
    running.push(messaging);
    await messaging.start();
    return messaging;
  };
  const stopProducer = async (messaging: Messaging): Promise<void> => {
    await messaging.stop();
    running.splice(running.indexOf(messaging), 1);
  };
  const unsent = () => count(producerSide, 'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL');
  const waitForTally = (engagementId: string, minutes: number) =>
    eventually(async () => (await tallyOf(consumerSide, engagementId)) === minutes, {
      describe: async () =>
        `tally of ${engagementId} is ${await tallyOf(consumerSide, engagementId)}, expected ${minutes}`,
      timeoutMs: 30_000,
    });

  beforeAll(async () => {
    [producerSide, consumerSide] = await Promise.all([
      createSide('relay_producer'),
      createSide('relay_consumer', [CreateTally1767225700000]),
    ]);
    consumer = consumerMessaging(consumerSide, { topicPrefix });
    await consumer.start();
  });

  afterAll(async () => {
    await Promise.all([...running.map((m) => m.stop()), consumer?.stop()]);
    await Promise.all([producerSide?.close(), consumerSide?.close()]);
  });

  afterEach(async () => {
    await Promise.all(running.map((m) => m.stop()));
    running.length = 0;
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const producer = await startProducer();
    const engagementId = randomUUID();
    await expect(
      producerSide.dataSource.transaction(async (manager) => {
        await publishAll(manager, producer, [[engagementId, 7]]);
        throw new Error('the mutation failed after publishing');
      }),
    ).rejects.toThrow('the mutation failed');
    // A later event on the same key shares the partition: once it is applied, the rolled-back
    // one would have been too.
    const [sentinel] = await logTime(producerSide, producer, [[engagementId, 5]]);
    await producer.drainOutbox();
    await waitForTally(engagementId, 5);

    expect(await tallyOf(consumerSide, engagementId)).toBe(5);
    expect(await count(producerSide, 'SELECT count(*) AS n FROM outbox WHERE key = $1', [engagementId])).toBe(
      1,
    );
    const published = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: `${topicPrefix}delivery.events`,
      until: (events) => events.some((e) => e.id === sentinel.id),
    });
    expect(published.filter((e) => e.key === engagementId).map((e) => e.id)).toEqual([sentinel.id]);
  });

  it('publishes after a restart an event committed while no relay ran', async () => {
    const engagementId = randomUUID();
    const withoutRelay = await startProducer({ enabled: false });
    await logTime(producerSide, withoutRelay, [
      [engagementId, 30],
      [engagementId, 45],
    ]);
    // The process dies here: committed, never relayed.
    await stopProducer(withoutRelay);
    expect(await unsent()).toBe(2);

    const restarted = await startProducer();
    await restarted.drainOutbox();
    await waitForTally(engagementId, 75);

    expect(await unsent()).toBe(0);
    expect(await tallyOf(consumerSide, engagementId)).toBe(75);
  });

  it('skips neither of two transactions that commit in reverse id order', async () => {
    const producer = await startProducer();
    const [first, second] = [randomUUID(), randomUUID()];
    const early = producerSide.dataSource.createQueryRunner();
    const late = producerSide.dataSource.createQueryRunner();
    try {
      await early.startTransaction();
      await publishAll(early.manager, producer, [[first, 11]]);
      await late.startTransaction();
      await publishAll(late.manager, producer, [[second, 22]]);
      const ids: Array<{ id: string; key: string }> = await late.manager.query(
        'SELECT id, key FROM outbox WHERE key = ANY($1::text[]) ORDER BY id',
        [[first, second]],
      );
      expect(ids.map((row) => row.key)).toEqual([second]);

      await late.commitTransaction();
      await waitForTally(second, 22);
      await early.commitTransaction();
    } finally {
      await Promise.all([early.release(), late.release()]);
    }
    const order: Array<{ key: string }> = await producerSide.dataSource.query(
      'SELECT key FROM outbox WHERE key = ANY($1::text[]) ORDER BY id',
      [[first, second]],
    );
    expect(order.map((row) => row.key)).toEqual([first, second]);

    await producer.drainOutbox();
    await waitForTally(first, 11);
    expect(await tallyOf(consumerSide, first)).toBe(11);
    expect(await tallyOf(consumerSide, second)).toBe(22);
  });

  it('keeps per-key order across a relay restart', async () => {
    const engagementId = randomUUID();
    const writer = await startProducer({ enabled: false });
    for (let tx = 0; tx < 20; tx++) {
      const entries: Array<[string, number]> = [];
      for (let i = 1; i <= 10; i++) entries.push([engagementId, tx * 10 + i]);
      await logTime(producerSide, writer, entries);
    }
    await stopProducer(writer);

    // The first relay must stop with rows still pending. Waiting for "some were published" raced
    // a fast relay that drained all 200 first; instead the test holds row locks on the last 100,
    // which the relay's claim (FOR UPDATE SKIP LOCKED, in id order) passes over, so the first
    // relay publishes exactly rows 1..100 and then has nothing it can claim.
    const unsentOfKey = () =>
      count(producerSide, 'SELECT count(*) AS n FROM outbox WHERE key = $1 AND sent_at IS NULL', [
        engagementId,
      ]);
    const holder = producerSide.dataSource.createQueryRunner();
    await holder.startTransaction();
    try {
      // Locked in the outer query: a FOR UPDATE beside OFFSET would lock the skipped rows too.
      const locked: unknown[] = await holder.query(
        `SELECT id FROM outbox
          WHERE id IN (SELECT id FROM outbox WHERE key = $1 ORDER BY id OFFSET 100)
            FOR UPDATE`,
        [engagementId],
      );
      expect(locked).toHaveLength(100);
      const first = await startProducer({ batchSize: 5 });
      await eventually(async () => (await unsentOfKey()) === 100, {
        describe: async () => `${await unsentOfKey()} rows unsent, expected the 100 locked ones`,
        timeoutMs: 30_000,
      });
      await stopProducer(first);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await unsentOfKey()).toBe(100);

    const second = await startProducer({ batchSize: 7 });
    await second.drainOutbox();
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    await waitForTally(
      engagementId,
      expected.reduce((a, b) => a + b, 0),
    );

    expect(await appliedSequence(consumerSide, engagementId)).toEqual(expected);
  });

  it('purges sent rows past the retention and keeps every unsent one, however old', async () => {
    const [sentLongAgo, unsentLongAgo] = [randomUUID(), randomUUID()];
    const writer = await startProducer({ enabled: false });
    await logTime(producerSide, writer, [
      [sentLongAgo, 1],
      [unsentLongAgo, 2],
    ]);
    await stopProducer(writer);
    await producerSide.dataSource.query(
      `UPDATE outbox SET created_at = now() - interval '8 days',
              sent_at = CASE WHEN key = $1 THEN now() - interval '8 days' END
        WHERE key = ANY($2::text[])`,
      [sentLongAgo, [sentLongAgo, unsentLongAgo]],
    );

    const relay = await startProducer({ retentionMs: 7 * 24 * 3600 * 1000 });
    await relay.drainOutbox();
    await waitForTally(unsentLongAgo, 2);

    const left: Array<{ key: string }> = await producerSide.dataSource.query(
      'SELECT key FROM outbox WHERE key = ANY($1::text[])',
      [[sentLongAgo, unsentLongAgo]],
    );
    expect(left.map((row) => row.key)).toEqual([unsentLongAgo]);
  });

  it('runs one relay per database and lets a standby take over when the active one stops', async () => {
    const engagementId = randomUUID();
    const a = await startProducer({ batchSize: 3 });
    const b = await startProducer({ batchSize: 3 });
    await eventually(() => a.relayActive || b.relayActive, {
      describe: () => 'no relay took the lock',
      timeoutMs: 30_000,
    });
    expect([a.relayActive, b.relayActive].filter(Boolean)).toHaveLength(1);
    const [active, standby] = a.relayActive ? [a, b] : [b, a];

    await logTime(
      producerSide,
      active,
      Array.from({ length: 20 }, (_, i): [string, number] => [engagementId, i + 1]),
    );
    await active.drainOutbox();
    await stopProducer(active);
    await logTime(
      producerSide,
      standby,
      Array.from({ length: 20 }, (_, i): [string, number] => [engagementId, i + 21]),
    );
    await standby.drainOutbox();
    expect(standby.relayActive).toBe(true);
    await waitForTally(engagementId, (40 * 41) / 2);

    expect(await appliedSequence(consumerSide, engagementId)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });

  it('publishes a bulk write in the order it was given', async () => {
    const producer = await startProducer();
    const engagementId = randomUUID();
    const minutes = Array.from({ length: 50 }, (_, i) => 50 - i);
    await producerSide.dataSource.transaction((manager) =>
      producer.outbox.publishMany(
        manager,
        minutes.map((m) => ({ type: 'TimeLogged' as const, payload: timeLogged(engagementId, m) })),
      ),
    );
    await producer.drainOutbox();
    await waitForTally(engagementId, (50 * 51) / 2);

    expect(await appliedSequence(consumerSide, engagementId)).toEqual(minutes);
  });

  it("continues the writing request's trace: outbox row, relay, Kafka headers, then the handler", async () => {
    const recorded = await recordSpans();
    try {
      const producer = await startProducer();
      const engagementId = randomUUID();
      const request = trace.getTracer('test').startSpan('request');
      await context.with(trace.setSpan(context.active(), request), () =>
        logTime(producerSide, producer, [[engagementId, 3]]),
      );
      request.end();
      await producer.drainOutbox();
      await waitForTally(engagementId, 3);

      const { traceId, spanId: requestSpanId } = request.spanContext();
      const inTrace = () => recorded.finished().filter((s) => s.spanContext().traceId === traceId);
      const named = (name: string) => inTrace().find((s) => s.name === name);
      const topic = `${topicPrefix}delivery.events`;
      await eventually(async () => named(`process ${topic}`) !== undefined, {
        describe: () => `spans of the trace: ${inTrace().map((s) => s.name)}`,
      });
      const create = named('create delivery.events')!;
      const send = named(`send ${topic}`)!;
      const processed = named(`process ${topic}`)!;
      // One trace, each span the parent of the next: request → outbox row → relay → consumer.
      expect(create.parentSpanContext?.spanId).toBe(requestSpanId);
      expect(send.parentSpanContext?.spanId).toBe(create.spanContext().spanId);
      expect(processed.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
      expect([create.kind, send.kind, processed.kind]).toEqual([
        SpanKind.PRODUCER,
        SpanKind.PRODUCER,
        SpanKind.CONSUMER,
      ]);
      expect(processed.attributes['platform.event.type']).toBe('TimeLogged');

      // The row stores the outbox span's context; the handler ran inside the consumer's span.
      const [outboxRow]: Array<{ traceparent: string }> = await producerSide.dataSource.query(
        'SELECT traceparent FROM outbox WHERE key = $1',
        [engagementId],
      );
      expect(outboxRow.traceparent).toBe(`00-${traceId}-${create.spanContext().spanId}-01`);
      const [row]: Array<{ trace_id: string }> = await consumerSide.dataSource.query(
        'SELECT trace_id FROM applied_log WHERE engagement_id = $1',
        [engagementId],
      );
      expect(row.trace_id).toBe(traceId);
    } finally {
      await recorded.stop();
    }
  });

  it('writes no traceparent and records no span when nothing is traced', async () => {
    const producer = await startProducer();
    const engagementId = randomUUID();
    await logTime(producerSide, producer, [[engagementId, 4]]);
    await producer.drainOutbox();
    await waitForTally(engagementId, 4);
    const [outboxRow]: Array<{ traceparent: string | null }> = await producerSide.dataSource.query(
      'SELECT traceparent FROM outbox WHERE key = $1',
      [engagementId],
    );
    expect(outboxRow.traceparent).toBeNull();
    const [row]: Array<{ trace_id: string | null }> = await consumerSide.dataSource.query(
      'SELECT trace_id FROM applied_log WHERE engagement_id = $1',
      [engagementId],
    );
    expect(row.trace_id).toBeNull();
  });
});
