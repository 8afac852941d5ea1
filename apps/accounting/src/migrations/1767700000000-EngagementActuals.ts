import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Estimates that learn (ARCHITECTURE.md): who sold each contract (its estimator, from
 * ContractSigned) and the figures each closed engagement last published in
 * EngagementActualsRecorded, so a redelivered close publishes nothing more and a late entry
 * publishes the corrected figures.
 */
export class EngagementActuals1767700000000 implements MigrationInterface {
  name = 'EngagementActuals1767700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contract_sellers (
        contract_id uuid PRIMARY KEY,
        opportunity_id uuid NOT NULL,
        seller_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE engagement_actuals_published (
        engagement_id uuid PRIMARY KEY,
        figures text NOT NULL,
        published_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE engagement_actuals_published`);
    await queryRunner.query(`DROP TABLE contract_sellers`);
  }
}
