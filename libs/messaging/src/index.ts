export {
  messagingMigrations,
  CreateInboxMigration,
  CreateOutboxMigration,
  AddOutboxTraceparentMigration,
} from './migrations';
export { Outbox, OutboxTransactionError, type OutboxEvent } from './outbox';
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
export { ensureTopics, waitForBroker } from '@platform/infra';
