import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A third rollup grain, per engagement and calendar year: what came before a report's period
 * (fixed-fee completion needs every minute logged before it) is read from a few yearly rows
 * instead of every earlier month. Filled from the monthly rollup, which holds the same sums.
 */
export class AddYearlyTimeRollup1767420000000 implements MigrationInterface {
  name = 'AddYearlyTimeRollup1767420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE time_rollup_yearly (
        engagement_id uuid NOT NULL,
        year date NOT NULL CHECK (extract(month FROM year) = 1 AND extract(day FROM year) = 1),
        minutes bigint NOT NULL,
        billable_minutes bigint NOT NULL,
        cost_minor bigint NOT NULL,
        bill_minor bigint NOT NULL,
        PRIMARY KEY (engagement_id, year)
      )`);
    await queryRunner.query(
      `CREATE INDEX time_rollup_yearly_year_idx ON time_rollup_yearly (year) INCLUDE (engagement_id, minutes, billable_minutes, cost_minor, bill_minor)`,
    );
    await queryRunner.query(`
      INSERT INTO time_rollup_yearly (engagement_id, year, minutes, billable_minutes, cost_minor, bill_minor)
      SELECT engagement_id, date_trunc('year', month)::date, sum(minutes), sum(billable_minutes), sum(cost_minor), sum(bill_minor)
      FROM time_rollup_monthly GROUP BY 1, 2`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS time_rollup_yearly`);
  }
}
