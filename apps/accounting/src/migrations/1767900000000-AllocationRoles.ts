import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roles a T&M forecast prices booked hours by (ARCHITECTURE.md, "Foresight"): the role of each
 * allocation (AllocationPlanned.role) and each member's primary role (TeamMemberUpserted), both
 * as roleKey() (trimmed, lower case); null where the event names none.
 */
export class AllocationRoles1767900000000 implements MigrationInterface {
  name = 'AllocationRoles1767900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecast_allocations ADD COLUMN role_key text NULL`);
    await queryRunner.query(`ALTER TABLE member_labels ADD COLUMN primary_role_key text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member_labels DROP COLUMN IF EXISTS primary_role_key`);
    await queryRunner.query(`ALTER TABLE forecast_allocations DROP COLUMN IF EXISTS role_key`);
  }
}
