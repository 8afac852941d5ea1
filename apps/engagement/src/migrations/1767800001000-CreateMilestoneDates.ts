import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery's milestone due dates and sign-offs (MilestonePlanned, MilestoneSignedOff) for the schedule RAG. */
export class CreateMilestoneDates1767800001000 implements MigrationInterface {
  name = 'CreateMilestoneDates1767800001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE milestone_dates (
        milestone_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        project_id uuid NOT NULL,
        due_date date NULL,
        signed_off_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX milestone_dates_engagement_idx ON milestone_dates (engagement_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS milestone_dates`);
  }
}
