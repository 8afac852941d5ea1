import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honest estimates: the contract's budget hours, from EngagementOpened, so that the projects of
 * an engagement can never promise more than was sold (contract budget + approved change-order
 * hours); and the roles members work under, which price their time at the contract's rates.
 */
export class AddContractBudget1767500000000 implements MigrationInterface {
  name = 'AddContractBudget1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE engagement ADD COLUMN budget_minutes integer NULL`);
    // The role a member works under: their allocation's on a project, else their primary role.
    await queryRunner.query(`ALTER TABLE team_member ADD COLUMN primary_role text NULL`);
    await queryRunner.query(`ALTER TABLE allocation ADD COLUMN role text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE allocation DROP COLUMN role`);
    await queryRunner.query(`ALTER TABLE team_member DROP COLUMN primary_role`);
    await queryRunner.query(`ALTER TABLE engagement DROP COLUMN budget_minutes`);
  }
}
