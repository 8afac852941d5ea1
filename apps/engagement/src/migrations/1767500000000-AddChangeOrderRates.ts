import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bill rates a change order adds to the contract's rate table (role → rate), applied on approval. */
export class AddChangeOrderRates1767500000000 implements MigrationInterface {
  name = 'AddChangeOrderRates1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE change_orders ADD COLUMN rates jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE change_orders DROP COLUMN rates`);
  }
}
