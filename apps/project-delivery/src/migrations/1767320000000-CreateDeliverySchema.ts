import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team members, the engagement projection, projects with milestones, allocations, time entries
 * and approved change orders. Status values are CHECKed so a bad write fails in the database
 * too; the per-member-day minute limit is enforced in the service under a member row lock.
 */
export class CreateDeliverySchema1767320000000 implements MigrationInterface {
  name = 'CreateDeliverySchema1767320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE team_member (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        email text NOT NULL,
        title text NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        weekly_capacity_minutes integer NOT NULL CHECK (weekly_capacity_minutes BETWEEN 0 AND 10080),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX team_member_email_uq ON team_member (lower(email))`);

    await queryRunner.query(`
      CREATE TABLE engagement (
        id uuid PRIMARY KEY,
        name text NULL,
        currency char(3) NULL,
        start_date date NULL,
        end_date date NULL,
        account_manager_id uuid NULL,
        delivery_owner_id uuid NULL,
        roles_assigned_at timestamptz NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        opened_at timestamptz NULL,
        closed_at timestamptz NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES engagement (id),
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED')),
        start_date date NOT NULL,
        due_date date NOT NULL,
        budget_minutes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        completed_at timestamptz NULL,
        cancelled_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX project_engagement_idx ON project (engagement_id, created_at, id)`);

    await queryRunner.query(`
      CREATE TABLE milestone (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES project (id),
        kind text NOT NULL
          CHECK (kind IN ('BRD', 'SOW', 'PROJECT_PLAN', 'IMPLEMENTATION', 'POST_IMPLEMENTATION_REVIEW', 'CUSTOM')),
        name text NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'DELIVERED', 'SIGNED_OFF')),
        billing_amount_minor bigint NULL,
        billing_currency char(3) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        signed_off_at timestamptz NULL,
        signed_off_by text NULL,
        CHECK ((billing_amount_minor IS NULL) = (billing_currency IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX milestone_project_idx ON milestone (project_id, due_date)`);

    await queryRunner.query(`
      CREATE TABLE allocation (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES team_member (id),
        project_id uuid NOT NULL REFERENCES project (id),
        minutes_per_week integer NOT NULL CHECK (minutes_per_week > 0),
        from_date date NOT NULL,
        to_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_date <= to_date)
      )`);
    await queryRunner.query(
      `CREATE INDEX allocation_member_idx ON allocation (member_id, from_date, to_date)`,
    );

    await queryRunner.query(`
      CREATE TABLE time_entry (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES team_member (id),
        project_id uuid NOT NULL REFERENCES project (id),
        entry_date date NOT NULL,
        minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        billable boolean NOT NULL,
        note text NULL CHECK (note IS NULL OR length(note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX time_entry_member_date_idx ON time_entry (member_id, entry_date)`);
    await queryRunner.query(
      `CREATE INDEX time_entry_project_date_idx ON time_entry (project_id, entry_date)`,
    );

    await queryRunner.query(`
      CREATE TABLE change_order (
        id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        minutes_delta integer NOT NULL,
        schedule_delta_days integer NOT NULL,
        approved_at timestamptz NOT NULL,
        applied_project_id uuid NULL REFERENCES project (id),
        applied_at timestamptz NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX change_order_pending_idx ON change_order (engagement_id, approved_at) WHERE applied_project_id IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS change_order`);
    await queryRunner.query(`DROP TABLE IF EXISTS time_entry`);
    await queryRunner.query(`DROP TABLE IF EXISTS allocation`);
    await queryRunner.query(`DROP TABLE IF EXISTS milestone`);
    await queryRunner.query(`DROP TABLE IF EXISTS project`);
    await queryRunner.query(`DROP TABLE IF EXISTS engagement`);
    await queryRunner.query(`DROP TABLE IF EXISTS team_member`);
  }
}
