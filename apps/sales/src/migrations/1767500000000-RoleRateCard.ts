import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honest estimates: sales' projection of finance's role rate card (from RoleRateSet), estimate
 * lines whose cost rate comes from that card (null while the role has none in force), and the
 * counter-estimate a DELIVERY reviewer may attach to a request for changes.
 */
export class RoleRateCard1767500000000 implements MigrationInterface {
  name = 'RoleRateCard1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE role_rates (
        role_key text NOT NULL,
        role text NOT NULL,
        effective_from date NOT NULL,
        currency char(3) NOT NULL,
        cost_rate_minor bigint NOT NULL,
        bill_rate_minor bigint NOT NULL,
        set_at timestamptz NOT NULL,
        PRIMARY KEY (role_key, effective_from)
      )`);
    await queryRunner.query(`ALTER TABLE estimate_lines ALTER COLUMN cost_rate_minor DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE contract_reviews ADD COLUMN suggested_lines jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE contract_reviews DROP COLUMN suggested_lines`);
    await queryRunner.query(`UPDATE estimate_lines SET cost_rate_minor = 0 WHERE cost_rate_minor IS NULL`);
    await queryRunner.query(`ALTER TABLE estimate_lines ALTER COLUMN cost_rate_minor SET NOT NULL`);
    await queryRunner.query(`DROP TABLE role_rates`);
  }
}
