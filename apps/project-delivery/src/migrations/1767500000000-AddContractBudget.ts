import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract's budget hours, from EngagementOpened, so that the projects of an engagement can
 * never promise more than was sold (contract budget + approved change-order hours).
 */
export class AddContractBudget1767500000000 implements MigrationInterface {
  name = 'AddContractBudget1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE engagement ADD COLUMN budget_minutes integer NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE engagement DROP COLUMN budget_minutes`);
  }
}
