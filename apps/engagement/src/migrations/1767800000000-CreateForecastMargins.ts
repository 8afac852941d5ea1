import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounting's forecast margin per engagement (ForecastChanged), for the portfolio view's order. */
export class CreateForecastMargins1767800000000 implements MigrationInterface {
  name = 'CreateForecastMargins1767800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE forecast_margins (
        engagement_id uuid PRIMARY KEY,
        margin_minor bigint NULL,
        currency char(3) NULL,
        margin_percent numeric NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS forecast_margins`);
  }
}
