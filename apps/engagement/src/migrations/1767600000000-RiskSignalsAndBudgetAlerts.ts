import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foresight: accounting's risk reasons (latest raise and latest clear per reason, so a late
 * stale event never undoes a newer one) and the budget thresholds crossed, with their dates.
 */
export class RiskSignalsAndBudgetAlerts1767600000000 implements MigrationInterface {
  name = 'RiskSignalsAndBudgetAlerts1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE risk_signals (
        engagement_id uuid NOT NULL,
        reason text NOT NULL,
        raised_at timestamptz NULL,
        cleared_at timestamptz NULL,
        PRIMARY KEY (engagement_id, reason)
      )`);
    await queryRunner.query(`
      CREATE TABLE budget_alerts (
        event_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        percent integer NOT NULL CHECK (percent IN (50, 75, 90, 100)),
        crossed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX budget_alerts_engagement_idx ON budget_alerts (engagement_id, crossed_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS budget_alerts`);
    await queryRunner.query(`DROP TABLE IF EXISTS risk_signals`);
  }
}
