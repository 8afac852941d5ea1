import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C traceparent of the operation that wrote an outbox row, in its own column: the relay
 * continues that trace when it publishes the row (OpenTelemetry). Rows still waiting keep the
 * value the `headers` column carried before.
 */
export class AddOutboxTraceparent1767225600002 implements MigrationInterface {
  name = 'AddOutboxTraceparent1767225600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN traceparent text NULL`);
    await queryRunner.query(
      `UPDATE outbox SET traceparent = headers->>'traceparent'
        WHERE sent_at IS NULL AND headers ? 'traceparent'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE outbox SET headers = headers || jsonb_build_object('traceparent', traceparent)
        WHERE sent_at IS NULL AND traceparent IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
