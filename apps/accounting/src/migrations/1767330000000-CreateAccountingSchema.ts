import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate cards and invoices (owned here) plus the profitability projections fed by events. No
 * table has a foreign key to the ledger: time entries and change orders may arrive before the
 * EngagementOpened that creates it, and are kept until it does.
 *
 * The two time rollups hold the same figures at two grains: per (engagement, member, day) and
 * per (engagement, month). Reports read whole months from the monthly grain and only the
 * partial months at a period's edges from the daily one, so a report's cost does not grow
 * with the number of time entries.
 */
export class CreateAccountingSchema1767330000000 implements MigrationInterface {
  name = 'CreateAccountingSchema1767330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_rates (
        member_id uuid NOT NULL,
        effective_from date NOT NULL,
        currency char(3) NOT NULL,
        cost_rate_minor bigint NOT NULL CHECK (cost_rate_minor >= 0),
        bill_rate_minor bigint NOT NULL CHECK (bill_rate_minor >= 0),
        set_by uuid NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, effective_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE engagement_ledgers (
        engagement_id uuid PRIMARY KEY,
        contract_id uuid NOT NULL,
        name text NOT NULL,
        client_id uuid NOT NULL,
        client_name text NOT NULL,
        pricing_model text NOT NULL CHECK (pricing_model IN ('FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER')),
        currency char(3) NOT NULL,
        contract_value_minor bigint NOT NULL,
        budget_minutes integer NOT NULL,
        estimated_minutes integer NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        account_manager_id uuid NULL,
        delivery_owner_id uuid NULL,
        roles_assigned_at timestamptz NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX engagement_ledgers_retainer_idx ON engagement_ledgers (start_date, end_date) WHERE pricing_model = 'RETAINER'`,
    );
    await queryRunner.query(`
      CREATE TABLE ledger_change_orders (
        change_order_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL,
        minutes integer NOT NULL,
        approved_at timestamptz NOT NULL,
        approved_on date NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX ledger_change_orders_engagement_idx ON ledger_change_orders (engagement_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ledger_change_orders_approved_on_idx ON ledger_change_orders (approved_on)`,
    );
    await queryRunner.query(`
      CREATE TABLE client_labels (
        client_id uuid PRIMARY KEY,
        name text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE member_labels (
        member_id uuid PRIMARY KEY,
        name text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE costed_time_entries (
        entry_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        member_id uuid NOT NULL,
        entry_date date NOT NULL,
        minutes integer NOT NULL,
        billable boolean NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        state_at timestamptz NOT NULL,
        costing text NOT NULL CHECK (costing IN ('COSTED', 'NO_RATE', 'NO_ENGAGEMENT', 'CURRENCY_MISMATCH', 'DELETED')),
        currency char(3) NULL,
        cost_minor bigint NOT NULL DEFAULT 0,
        bill_minor bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(
      `CREATE INDEX costed_time_entries_engagement_idx ON costed_time_entries (engagement_id) WHERE NOT deleted`,
    );
    await queryRunner.query(
      `CREATE INDEX costed_time_entries_member_date_idx ON costed_time_entries (member_id, entry_date) WHERE NOT deleted`,
    );
    await queryRunner.query(
      `CREATE INDEX costed_time_entries_mismatch_idx ON costed_time_entries (engagement_id) WHERE costing = 'CURRENCY_MISMATCH'`,
    );
    await queryRunner.query(`
      CREATE TABLE time_rollup_daily (
        engagement_id uuid NOT NULL,
        day date NOT NULL,
        member_id uuid NOT NULL,
        minutes bigint NOT NULL,
        billable_minutes bigint NOT NULL,
        cost_minor bigint NOT NULL,
        bill_minor bigint NOT NULL,
        PRIMARY KEY (engagement_id, day, member_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX time_rollup_daily_day_idx ON time_rollup_daily (day) INCLUDE (engagement_id, minutes, billable_minutes, cost_minor, bill_minor)`,
    );
    await queryRunner.query(`
      CREATE TABLE time_rollup_monthly (
        engagement_id uuid NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        minutes bigint NOT NULL,
        billable_minutes bigint NOT NULL,
        cost_minor bigint NOT NULL,
        bill_minor bigint NOT NULL,
        PRIMARY KEY (engagement_id, month)
      )`);
    await queryRunner.query(
      `CREATE INDEX time_rollup_monthly_month_idx ON time_rollup_monthly (month) INCLUDE (engagement_id, minutes, billable_minutes, cost_minor, bill_minor)`,
    );
    await queryRunner.query(`
      CREATE TABLE invoices (
        invoice_id uuid PRIMARY KEY,
        engagement_id uuid NOT NULL,
        milestone_id uuid NULL UNIQUE,
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL,
        reason text NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX invoices_engagement_idx ON invoices (engagement_id, issued_at)`);
    await queryRunner.query(`
      CREATE TABLE margin_alerts (
        engagement_id uuid PRIMARY KEY,
        at_risk boolean NOT NULL,
        margin_percent numeric NULL,
        burn_percent numeric NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'margin_alerts',
      'invoices',
      'time_rollup_monthly',
      'time_rollup_daily',
      'costed_time_entries',
      'member_labels',
      'client_labels',
      'ledger_change_orders',
      'engagement_ledgers',
      'member_rates',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
