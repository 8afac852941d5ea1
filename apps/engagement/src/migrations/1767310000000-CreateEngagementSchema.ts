import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engagements and what they own (handoff facts, change orders, reviews) plus the projections
 * fed by other services' events. Projection and fact tables carry no foreign key to
 * engagements: events from other topics may arrive before the ContractSigned that opens one.
 */
export class CreateEngagementSchema1767310000000 implements MigrationInterface {
  name = 'CreateEngagementSchema1767310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE engagements (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL,
        opportunity_id uuid NOT NULL,
        name text NOT NULL,
        client_id uuid NOT NULL,
        client_name text NOT NULL,
        account_manager_id uuid NULL,
        delivery_owner_id uuid NULL,
        status text NOT NULL CHECK (status IN ('HANDOFF', 'ACTIVE', 'ON_HOLD', 'CLOSING', 'CLOSED')),
        currency char(3) NOT NULL,
        contract_value_minor bigint NOT NULL,
        pricing_model text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        budget_minutes integer NOT NULL,
        estimated_minutes integer NOT NULL,
        contract_signed_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz NULL,
        CONSTRAINT engagements_contract_id_key UNIQUE (contract_id),
        CONSTRAINT engagements_distinct_roles CHECK (account_manager_id IS DISTINCT FROM delivery_owner_id OR account_manager_id IS NULL)
      )`);
    await queryRunner.query(`CREATE INDEX engagements_page_idx ON engagements (opened_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX engagements_client_idx ON engagements (client_id, opened_at DESC)`);
    await queryRunner.query(`CREATE INDEX engagements_delivery_owner_idx ON engagements (delivery_owner_id)`);
    await queryRunner.query(
      `CREATE INDEX engagements_account_manager_idx ON engagements (account_manager_id)`,
    );
    await queryRunner.query(`CREATE INDEX engagements_signed_idx ON engagements (contract_signed_at)`);

    await queryRunner.query(`
      CREATE TABLE handoff_facts (
        engagement_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('OWNER_ASSIGNED', 'BRD_SIGNED_OFF', 'SOW_SIGNED_OFF', 'PLAN_DEFINED', 'KICKOFF_HELD')),
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (engagement_id, kind)
      )`);

    await queryRunner.query(`
      CREATE TABLE change_orders (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES engagements (id),
        description text NOT NULL,
        amount_delta_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        minutes_delta integer NOT NULL,
        schedule_delta_days integer NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED')),
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by uuid NULL,
        decided_at timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX change_orders_engagement_idx ON change_orders (engagement_id, requested_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE post_implementation_reviews (
        engagement_id uuid PRIMARY KEY REFERENCES engagements (id),
        satisfaction integer NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
        lessons_learned text NULL,
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE team_members (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        roles text[] NOT NULL,
        weekly_capacity_minutes integer NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE allocations (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL,
        project_id uuid NOT NULL,
        engagement_id uuid NOT NULL,
        minutes_per_week integer NOT NULL,
        from_date date NOT NULL,
        to_date date NOT NULL,
        event_occurred_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX allocations_member_idx ON allocations (member_id, from_date, to_date)`,
    );

    await queryRunner.query(`
      CREATE TABLE project_statuses (
        project_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        started_at timestamptz NULL,
        completed_at timestamptz NULL,
        cancelled_at timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX project_statuses_engagement_idx ON project_statuses (engagement_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE margin_alerts (
        engagement_id uuid PRIMARY KEY,
        raised_at timestamptz NULL,
        cleared_at timestamptz NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS margin_alerts`);
    await queryRunner.query(`DROP TABLE IF EXISTS project_statuses`);
    await queryRunner.query(`DROP TABLE IF EXISTS allocations`);
    await queryRunner.query(`DROP TABLE IF EXISTS team_members`);
    await queryRunner.query(`DROP TABLE IF EXISTS post_implementation_reviews`);
    await queryRunner.query(`DROP TABLE IF EXISTS change_orders`);
    await queryRunner.query(`DROP TABLE IF EXISTS handoff_facts`);
    await queryRunner.query(`DROP TABLE IF EXISTS engagements`);
  }
}
