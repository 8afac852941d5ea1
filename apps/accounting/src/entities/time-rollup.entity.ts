import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/**
 * Σ of the time entries of one member on one engagement and day. Money columns hold only
 * costed entries (in the engagement's currency); bill_minor only billable ones. Read with
 * plain SQL, never hydrated: these are the rows reports aggregate.
 */
@Entity({ name: 'time_rollup_daily' })
export class TimeRollupDailyEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  minutes!: bigint;

  @Column({ name: 'billable_minutes', type: 'bigint', transformer: bigintColumn })
  billableMinutes!: bigint;

  @Column({ name: 'cost_minor', type: 'bigint', transformer: bigintColumn })
  costMinor!: bigint;

  @Column({ name: 'bill_minor', type: 'bigint', transformer: bigintColumn })
  billMinor!: bigint;
}

/** The same figures per engagement and calendar month (month = its first day). */
@Entity({ name: 'time_rollup_monthly' })
export class TimeRollupMonthlyEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @PrimaryColumn({ type: 'date' })
  month!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  minutes!: bigint;

  @Column({ name: 'billable_minutes', type: 'bigint', transformer: bigintColumn })
  billableMinutes!: bigint;

  @Column({ name: 'cost_minor', type: 'bigint', transformer: bigintColumn })
  costMinor!: bigint;

  @Column({ name: 'bill_minor', type: 'bigint', transformer: bigintColumn })
  billMinor!: bigint;
}

/** The same figures per engagement and calendar year (year = its 1 January). */
@Entity({ name: 'time_rollup_yearly' })
export class TimeRollupYearlyEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @PrimaryColumn({ type: 'date' })
  year!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  minutes!: bigint;

  @Column({ name: 'billable_minutes', type: 'bigint', transformer: bigintColumn })
  billableMinutes!: bigint;

  @Column({ name: 'cost_minor', type: 'bigint', transformer: bigintColumn })
  costMinor!: bigint;

  @Column({ name: 'bill_minor', type: 'bigint', transformer: bigintColumn })
  billMinor!: bigint;
}
