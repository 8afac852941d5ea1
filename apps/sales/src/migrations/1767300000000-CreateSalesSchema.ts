import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients, opportunities, their current estimate, contract reviews and signed contracts, plus
 * the local projection of delivery's team members. Enumerations are text with CHECK
 * constraints so that adding a value is a plain migration.
 */
export class CreateSalesSchema1767300000000 implements MigrationInterface {
  name = 'CreateSalesSchema1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE team_members (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        industry text NULL,
        account_manager_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE opportunities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients (id),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        owner_id uuid NOT NULL,
        stage text NOT NULL
          CHECK (stage IN ('QUALIFYING', 'ESTIMATING', 'IN_REVIEW', 'APPROVED', 'WON', 'LOST')),
        pricing_model text NOT NULL CHECK (pricing_model IN ('FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER')),
        lost_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX opportunities_client_idx ON opportunities (client_id, created_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX opportunities_created_idx ON opportunities (created_at DESC, id)`);
    await queryRunner.query(`CREATE INDEX opportunities_stage_idx ON opportunities (stage, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE estimates (
        opportunity_id uuid PRIMARY KEY REFERENCES opportunities (id),
        revision integer NOT NULL CHECK (revision > 0),
        currency char(3) NOT NULL,
        price_minor bigint NOT NULL CHECK (price_minor >= 0),
        start_date date NOT NULL,
        end_date date NOT NULL,
        scope text NOT NULL CHECK (length(btrim(scope)) > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date)
      )`);
    await queryRunner.query(`
      CREATE TABLE estimate_lines (
        opportunity_id uuid NOT NULL REFERENCES estimates (opportunity_id) ON DELETE CASCADE,
        position integer NOT NULL,
        role text NOT NULL,
        minutes integer NOT NULL CHECK (minutes > 0),
        cost_rate_minor bigint NOT NULL CHECK (cost_rate_minor >= 0),
        bill_rate_minor bigint NOT NULL CHECK (bill_rate_minor >= 0),
        PRIMARY KEY (opportunity_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE contract_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        opportunity_id uuid NOT NULL REFERENCES opportunities (id),
        reviewer_id uuid NOT NULL,
        discipline text NOT NULL CHECK (discipline IN ('DELIVERY', 'FINANCE')),
        decision text NOT NULL CHECK (decision IN ('APPROVED', 'CHANGES_REQUESTED', 'REJECTED')),
        comment text NULL,
        estimate_revision integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX contract_reviews_opportunity_idx ON contract_reviews (opportunity_id, at)`,
    );
    await queryRunner.query(`
      CREATE TABLE contracts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        opportunity_id uuid NOT NULL UNIQUE REFERENCES opportunities (id),
        client_id uuid NOT NULL REFERENCES clients (id),
        currency char(3) NOT NULL,
        value_minor bigint NOT NULL CHECK (value_minor >= 0),
        pricing_model text NOT NULL CHECK (pricing_model IN ('FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER')),
        start_date date NOT NULL,
        end_date date NOT NULL,
        budget_minutes integer NOT NULL CHECK (budget_minutes >= 0),
        scope text NOT NULL,
        signed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS contracts`);
    await queryRunner.query(`DROP TABLE IF EXISTS contract_reviews`);
    await queryRunner.query(`DROP TABLE IF EXISTS estimate_lines`);
    await queryRunner.query(`DROP TABLE IF EXISTS estimates`);
    await queryRunner.query(`DROP TABLE IF EXISTS opportunities`);
    await queryRunner.query(`DROP TABLE IF EXISTS clients`);
    await queryRunner.query(`DROP TABLE IF EXISTS team_members`);
  }
}
