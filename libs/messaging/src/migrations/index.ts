import type { MigrationInterface } from 'typeorm';
import { CreateOutbox1767225600000 } from './1767225600000-CreateOutbox';
import { CreateInbox1767225600001 } from './1767225600001-CreateInbox';

export {
  CreateOutbox1767225600000 as CreateOutboxMigration,
  CreateInbox1767225600001 as CreateInboxMigration,
};

/** Each service lists these in its own migrations, before its own tables. */
export const messagingMigrations: Array<new () => MigrationInterface> = [
  CreateOutbox1767225600000,
  CreateInbox1767225600001,
];
