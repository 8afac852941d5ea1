import { type Admin, Kafka, logLevel } from 'kafkajs';
import { sleep } from './wait';

export interface EnsureTopicsOptions {
  brokers: string[];
  topics: string[];
  partitions: number;
  clientId?: string;
  /** Upper bound for creating the topics and waiting for their partition leaders. */
  timeoutMs?: number;
}

export interface EnsureTopicsResult {
  /** Topics that were missing when checked (a concurrent caller may have won the race to create them). */
  created: string[];
  existing: string[];
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function createAdmin(brokers: string[], clientId: string, retries: number): Admin {
  // Admin chatter (e.g. TOPIC_ALREADY_EXISTS on a lost race) is expected here; failures surface as thrown errors.
  const kafka = new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  return kafka.admin();
}

/** Creates the topics that do not exist yet (replication factor 1) and waits until every partition has a leader. */
export async function ensureTopics(options: EnsureTopicsOptions): Promise<EnsureTopicsResult> {
  const { brokers, topics, partitions, clientId = 'platform-admin', timeoutMs = 30_000 } = options;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`ensureTopics: partitions must be a positive integer, got ${partitions}`);
  }
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return { created: [], existing: [] };

  const admin = createAdmin(brokers, clientId, 5);
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !present.has(topic));
    const existing = wanted.filter((topic) => present.has(topic));
    if (missing.length > 0) {
      // Returns false when a concurrent caller created all of them first; kafkajs then skips its own
      // leader wait, hence the explicit wait below.
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
        waitForLeaders: true,
        timeout: timeoutMs,
      });
    }
    await waitForLeaders(admin, wanted, timeoutMs);
    return { created: missing, existing };
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter(
        (topic) => topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0),
      );
      if (metadata.topics.length === topics.length && leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.map((t) => t.name).join(', ') || 'some topics'}`;
    } catch (error) {
      lastProblem = errorMessage(error);
    }
    await sleep(100);
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for leaders of ${topics.join(', ')}: ${lastProblem}`,
  );
}

/** Resolves once a broker answers a metadata request; rejects with the last error after timeoutMs. */
export async function waitForBroker(brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not tried';
  while (Date.now() < deadline) {
    const admin = createAdmin(brokers, 'platform-wait-for-broker', 0);
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (error) {
      lastError = errorMessage(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(250);
  }
  throw new Error(`Kafka at ${brokers.join(',')} did not answer within ${timeoutMs} ms: ${lastError}`);
}

/**
 * Deletes every topic and consumer group whose name starts with `prefix` (a test file's private
 * prefix), so the shared broker does not fill up with test topics. Returns what it deleted.
 */
export async function deleteTopicsAndGroups(
  brokers: string[],
  prefix: string,
): Promise<{ topics: string[]; groups: string[] }> {
  if (prefix.length < 4) throw new Error(`refusing to delete topics by the short prefix "${prefix}"`);
  const admin = createAdmin(brokers, 'platform-test-cleanup', 2);
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(prefix));
    // A group with members left (a consumer still stopping) cannot be deleted; it expires by itself.
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    return { topics, groups };
  } finally {
    await admin.disconnect();
  }
}
