import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { parseEvent, toCurrentVersion, type EventEnvelope } from '@platform/events';
import { createKafka, headerString } from '../kafka-client';

export interface RawTopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

interface ReadOptions<T> {
  brokers: string[];
  topic: string;
  until: (items: T[]) => boolean;
  timeoutMs?: number;
}

/**
 * Test/ops helper: reads a topic from the beginning (under a throwaway consumer group) until
 * `until` holds, and returns every message seen, decoded as text.
 */
export async function readRawTopic(opts: ReadOptions<RawTopicMessage>): Promise<RawTopicMessage[]> {
  const { brokers, topic, until, timeoutMs = 20_000 } = opts;
  const kafka = createKafka({ brokers, clientId: 'read-topic' });
  const consumer = kafka.consumer({
    groupId: `read-topic-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 10_000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  const seen: RawTopicMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `readTopic ${topic}: condition not met after ${timeoutMs} ms (${seen.length} messages)`,
            ),
          ),
        timeoutMs,
      );
      if (until(seen)) {
        resolve();
        return;
      }
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(message.headers ?? {})) {
                const text = headerString(value);
                if (text !== undefined) headers[name] = text;
              }
              seen.push({
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? null,
                headers,
              });
            }
            if (until(seen)) resolve();
          },
        })
        .catch(reject);
    });
    return seen;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/**
 * Test/ops helper: reads a topic from the beginning until `until(events)` holds; returns the valid
 * envelopes, older versions upcast to the current one.
 */
export async function readTopic(opts: ReadOptions<EventEnvelope>): Promise<EventEnvelope[]> {
  let events: EventEnvelope[] = [];
  await readRawTopic({
    ...opts,
    until: (messages) => {
      events = messages.flatMap((message) => {
        try {
          return [toCurrentVersion(parseEvent(JSON.parse(message.value ?? '')))];
        } catch {
          return [];
        }
      });
      return opts.until(events);
    },
  });
  return events;
}

/** Test helper: produces raw messages (poison messages, unknown versions, replays) to a topic. */
export async function produceRaw(opts: {
  brokers: string[];
  topic: string;
  messages: Array<{ key: string; value: string; headers?: Record<string, string> }>;
}): Promise<void> {
  const kafka = createKafka({ brokers: opts.brokers, clientId: 'produce-raw' });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    await producer.send({ topic: opts.topic, acks: -1, messages: opts.messages });
  } finally {
    await producer.disconnect();
  }
}
