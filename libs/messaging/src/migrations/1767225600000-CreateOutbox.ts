import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a service writes its events here in the same transaction as the
 * state change, and the relay publishes them. The partial index keeps the relay's claim query
 * cheap however many sent rows are retained; the BRIN index serves the retention purge without
 * a b-tree to update on every insert; the statement-level trigger wakes the relay's LISTEN
 * connection once per insert statement instead of once per row.
 */
export class CreateOutbox1767225600000 implements MigrationInterface {
  name = 'CreateOutbox1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        version int NOT NULL,
        envelope jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        attempts int NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL`);
    await queryRunner.query(`CREATE INDEX outbox_created_at_brin ON outbox USING brin (created_at)`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
    await queryRunner.query(`DROP TABLE IF EXISTS outbox`);
  }
}
