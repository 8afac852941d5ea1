import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honest estimates (ARCHITECTURE.md, "Rate cards and honest estimates"): the role rate card
 * beside the member one, the rate table each signed contract froze (plus roles added by approved
 * change orders), and the role each time entry was worked under, so that time-and-materials
 * revenue follows the contract's rates and minutes off the contract are counted.
 */
export class RoleRatesAndContractRates1767500000000 implements MigrationInterface {
  name = 'RoleRatesAndContractRates1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE role_rates (
        role_key text NOT NULL,
        role text NOT NULL,
        effective_from date NOT NULL,
        currency char(3) NOT NULL,
        cost_rate_minor bigint NOT NULL CHECK (cost_rate_minor >= 0),
        bill_rate_minor bigint NOT NULL CHECK (bill_rate_minor >= 0),
        set_by uuid NULL,
        set_at timestamptz NOT NULL,
        PRIMARY KEY (role_key, effective_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE contract_rates (
        contract_id uuid NOT NULL,
        role_key text NOT NULL,
        role text NOT NULL,
        currency char(3) NOT NULL,
        bill_rate_minor bigint NOT NULL,
        minutes integer NOT NULL,
        PRIMARY KEY (contract_id, role_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE change_order_rates (
        engagement_id uuid NOT NULL,
        change_order_id uuid NOT NULL,
        role_key text NOT NULL,
        role text NOT NULL,
        currency char(3) NOT NULL,
        bill_rate_minor bigint NOT NULL,
        approved_at timestamptz NOT NULL,
        PRIMARY KEY (engagement_id, change_order_id, role_key)
      )`);
    await queryRunner.query(`ALTER TABLE costed_time_entries ADD COLUMN role_key text NULL`);
    await queryRunner.query(
      `ALTER TABLE costed_time_entries ADD COLUMN off_contract boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE costed_time_entries DROP COLUMN off_contract`);
    await queryRunner.query(`ALTER TABLE costed_time_entries DROP COLUMN role_key`);
    await queryRunner.query(`DROP TABLE change_order_rates`);
    await queryRunner.query(`DROP TABLE contract_rates`);
    await queryRunner.query(`DROP TABLE role_rates`);
  }
}
