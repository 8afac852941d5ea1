import type { MigrationInterface } from 'typeorm';
import { CreateOutbox1767225600000 } from './1767225600000-CreateOutbox';
import { CreateInbox1767225600001 } from './1767225600001-CreateInbox';
import { AddOutboxTraceparent1767225600002 } from './1767225600002-AddOutboxTraceparent';

export {
  CreateOutbox1767225600000 as CreateOutboxMigration,
  CreateInbox1767225600001 as CreateInboxMigration,
  AddOutboxTraceparent1767225600002 as AddOutboxTraceparentMigration,
};

/** Each service lists these in its own migrations, before its own tables. */
export const messagingMigrations: Array<new () => MigrationInterface> = [
  CreateOutbox1767225600000,
  CreateInbox1767225600001,
  AddOutboxTraceparent1767225600002,
];
