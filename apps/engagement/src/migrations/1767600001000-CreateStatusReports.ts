import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Status reports: a RAG for schedule, budget and scope with the suggestion at the time it was filed. */
export class CreateStatusReports1767600001000 implements MigrationInterface {
  name = 'CreateStatusReports1767600001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE status_reports (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES engagements (id),
        schedule text NOT NULL CHECK (schedule IN ('GREEN', 'AMBER', 'RED')),
        budget text NOT NULL CHECK (budget IN ('GREEN', 'AMBER', 'RED')),
        scope text NOT NULL CHECK (scope IN ('GREEN', 'AMBER', 'RED')),
        suggested jsonb NOT NULL,
        summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
        next_steps text NULL,
        reason text NULL,
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX status_reports_engagement_idx ON status_reports (engagement_id, submitted_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS status_reports`);
  }
}
