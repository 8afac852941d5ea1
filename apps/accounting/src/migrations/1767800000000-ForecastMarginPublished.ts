import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The forecast margin last published (ForecastChanged), so it is published only when it moves. */
export class ForecastMarginPublished1767800000000 implements MigrationInterface {
  name = 'ForecastMarginPublished1767800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE engagement_risk ADD COLUMN forecast_margin_minor bigint, ADD COLUMN forecast_published boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE engagement_risk DROP COLUMN IF EXISTS forecast_published, DROP COLUMN IF EXISTS forecast_margin_minor`,
    );
  }
}
