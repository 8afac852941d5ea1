import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foresight: delivery's allocations and time off projected for the forecast, and the risk state
 * of each engagement (which reasons hold, the highest budget threshold burn has reached) so each
 * reason and threshold is published once per crossing.
 */
export class ForesightProjections1767600000000 implements MigrationInterface {
  name = 'ForesightProjections1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE forecast_allocations (
        allocation_id uuid PRIMARY KEY,
        member_id uuid NOT NULL,
        engagement_id uuid NOT NULL,
        project_id uuid NOT NULL,
        minutes_per_week integer NOT NULL CHECK (minutes_per_week > 0),
        from_date date NOT NULL,
        to_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('TENTATIVE', 'CONFIRMED', 'RELEASED')),
        created_at timestamptz NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX forecast_allocations_member_idx ON forecast_allocations (member_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX forecast_allocations_engagement_idx ON forecast_allocations (engagement_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE forecast_time_off (
        time_off_id uuid PRIMARY KEY,
        member_id uuid NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL,
        minutes_per_day integer NOT NULL CHECK (minutes_per_day BETWEEN 1 AND 1440),
        recorded_at timestamptz NOT NULL,
        cancelled_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX forecast_time_off_member_idx ON forecast_time_off (member_id)`);
    await queryRunner.query(`
      CREATE TABLE engagement_risk (
        engagement_id uuid PRIMARY KEY,
        reasons text[] NOT NULL,
        burn_level integer NOT NULL CHECK (burn_level IN (0, 50, 75, 90, 100)),
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS engagement_risk`);
    await queryRunner.query(`DROP TABLE IF EXISTS forecast_time_off`);
    await queryRunner.query(`DROP TABLE IF EXISTS forecast_allocations`);
  }
}
