export { messagingMigrations, CreateInboxMigration, CreateOutboxMigration } from './migrations';
export { Outbox, OutboxTransactionError, type OutboxEvent, type OutboxHeaders } from './outbox';
export {
  isInfrastructureError,
  DeferredWorkQueue,
  type ChunkCommittedInfo,
  type ChunkScope,
  type DeferredWork,
  type ConsumeOutcome,
  type DeadLetterReason,
  type EventHandler,
  type EventHandlers,
  type VersionedEventHandler,
  byVersion,
  resolveHandler,
} from './event-consumer';
export { Messaging, type MessagingOptions } from './messaging';
export { readTopic, readRawTopic, produceRaw, type RawTopicMessage } from './topic-tools';
export { ensureTopics, waitForBroker } from './kafka-admin';
