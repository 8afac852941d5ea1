import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/**
 * Σ of time entries at one grain. Money columns hold only costed entries (in the engagement's
 * currency); bill_minor only billable ones. Read with plain SQL, never hydrated: these are the
 * rows reports aggregate.
 */
abstract class TimeRollupFigures {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  minutes!: bigint;

  @Column({ name: 'billable_minutes', type: 'bigint', transformer: bigintColumn })
  billableMinutes!: bigint;

  @Column({ name: 'cost_minor', type: 'bigint', transformer: bigintColumn })
  costMinor!: bigint;

  @Column({ name: 'bill_minor', type: 'bigint', transformer: bigintColumn })
  billMinor!: bigint;
}

/** Per engagement, member and day. */
@Entity({ name: 'time_rollup_daily' })
export class TimeRollupDailyEntity extends TimeRollupFigures {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;
}

/** Per engagement and calendar month (month = its first day). */
@Entity({ name: 'time_rollup_monthly' })
export class TimeRollupMonthlyEntity extends TimeRollupFigures {
  @PrimaryColumn({ type: 'date' })
  month!: string;
}

/** Per engagement and calendar year (year = its 1 January). */
@Entity({ name: 'time_rollup_yearly' })
export class TimeRollupYearlyEntity extends TimeRollupFigures {
  @PrimaryColumn({ type: 'date' })
  year!: string;
}
