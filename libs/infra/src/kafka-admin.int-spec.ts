import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deleteTopicsAndGroups, ensureTopics } from './kafka-admin';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('deleteTopicsAndGroups (test files clean the shared broker)', () => {
  it("deletes a prefix's topics and consumer groups and nothing else", async () => {
    const prefix = `t_${randomBytes(4).toString('hex')}.`;
    const other = `t_${randomBytes(4).toString('hex')}.`;
    await ensureTopics({
      brokers,
      topics: [`${prefix}sales.events`, `${prefix}sales.events.dlq`, `${other}sales.events`],
      partitions: 1,
    });
    const kafka = new Kafka({ clientId: 'cleanup-spec', brokers, logLevel: logLevel.NOTHING });
    // A group that committed an offset and left, as a stopped test consumer does.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [`${prefix}sales.events`] });
      await admin.setOffsets({
        groupId: `${prefix}engagement`,
        topic: `${prefix}sales.events`,
        partitions: [{ partition: 0, offset: '0' }],
      });

      const deleted = await deleteTopicsAndGroups(brokers, prefix);

      expect(deleted.topics.sort()).toEqual([`${prefix}sales.events`, `${prefix}sales.events.dlq`]);
      expect(deleted.groups).toEqual([`${prefix}engagement`]);
      // A fresh client: the first one's metadata still names the deleted topics.
      const after = kafka.admin();
      await after.connect();
      const left = await after.listTopics();
      const groups = (await after.listGroups()).groups.map((g) => g.groupId);
      await after.disconnect();
      expect(left.filter((t) => t.startsWith(prefix))).toEqual([]);
      expect(left).toContain(`${other}sales.events`);
      expect(groups).not.toContain(`${prefix}engagement`);
    } finally {
      await deleteTopicsAndGroups(brokers, other);
      await admin.disconnect();
    }
  });
});
