import { TOPICS, type EventEnvelope, type Producer } from '@platform/events';
import { ensureTopics } from '@platform/infra';
import { produceRaw } from '@platform/messaging/testing';
import { eventually } from '@platform/infra';
import { KAFKA_BROKERS, type TestService } from './test-service';

/**
 * Produces envelopes (in order, each under its own key) to a producer's topic of the test
 * service's prefix, through the real broker, exactly as the producing service's relay would.
 */
export async function feedEvents(
  service: Pick<TestService, 'topicPrefix'>,
  producer: Producer,
  envelopes: readonly EventEnvelope[],
): Promise<void> {
  const topic = `${service.topicPrefix}${TOPICS[producer]}`;
  await ensureTopics({ brokers: KAFKA_BROKERS, topics: [topic], partitions: 2, timeoutMs: 10_000 });
  await produceRaw({
    brokers: KAFKA_BROKERS,
    topic,
    messages: envelopes.map((e) => ({
      key: e.key,
      value: JSON.stringify(e),
      headers: { type: e.type, version: String(e.version) },
    })),
  });
}

/** Waits until the service's inbox has recorded every one of these events (applied or duplicate). */
export async function waitUntilApplied(
  service: Pick<TestService, 'dataSource'>,
  envelopes: readonly EventEnvelope[],
): Promise<void> {
  const ids = [...new Set(envelopes.map((e) => e.id))];
  await eventually(async () => {
    const [row] = await service.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    return row.n === ids.length;
  });
}
