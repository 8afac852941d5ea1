import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Estimates that learn (ARCHITECTURE.md): per closed engagement and role, the hours the contract
 * estimated and the hours logged, from accounting's EngagementActualsRecorded. The latest event
 * of an engagement replaces its rows, so a republished or replayed event counts once.
 */
export class CalibrationHistory1767600000000 implements MigrationInterface {
  name = 'CalibrationHistory1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calibration_samples (
        engagement_id uuid NOT NULL,
        role_key text NOT NULL,
        role text NOT NULL,
        estimated_minutes integer NOT NULL CHECK (estimated_minutes >= 0),
        actual_minutes integer NOT NULL CHECK (actual_minutes >= 0),
        closed_at timestamptz NOT NULL,
        PRIMARY KEY (engagement_id, role_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX calibration_samples_role_idx ON calibration_samples (role_key, closed_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calibration_samples`);
  }
}
