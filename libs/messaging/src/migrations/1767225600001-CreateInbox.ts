import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idempotent inbox: one row per (consumer, event) applied, written in the same transaction
 * as the projection change, so a redelivered or replayed event is recognised and skipped.
 */
export class CreateInbox1767225600001 implements MigrationInterface {
  name = 'CreateInbox1767225600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS inbox`);
  }
}
