import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery's time off per member (TimeOffRecorded / TimeOffCancelled): owner suggestions count it. */
export class CreateMemberTimeOff1767800002000 implements MigrationInterface {
  name = 'CreateMemberTimeOff1767800002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_time_off (
        time_off_id uuid PRIMARY KEY,
        member_id uuid NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL,
        minutes_per_day integer NOT NULL,
        cancelled_at timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX member_time_off_member_idx ON member_time_off (member_id, from_date)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS member_time_off`);
  }
}
