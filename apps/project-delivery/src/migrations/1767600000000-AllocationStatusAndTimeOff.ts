import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foresight: an allocation is TENTATIVE or CONFIRMED until released (existing ones were all
 * firm, so they become CONFIRMED), and members record time off in minutes per working day.
 */
export class AllocationStatusAndTimeOff1767600000000 implements MigrationInterface {
  name = 'AllocationStatusAndTimeOff1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE allocation
        ADD COLUMN status text NOT NULL DEFAULT 'CONFIRMED' CHECK (status IN ('TENTATIVE', 'CONFIRMED', 'RELEASED')),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`
      CREATE TABLE time_off (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES team_member (id),
        from_date date NOT NULL,
        to_date date NOT NULL,
        minutes_per_day integer NOT NULL CHECK (minutes_per_day BETWEEN 1 AND 1440),
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz NULL,
        CHECK (from_date <= to_date)
      )`);
    await queryRunner.query(`CREATE INDEX time_off_member_idx ON time_off (member_id, from_date, to_date)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS time_off`);
    await queryRunner.query(
      `ALTER TABLE allocation DROP COLUMN IF EXISTS updated_at, DROP COLUMN IF EXISTS status`,
    );
  }
}
