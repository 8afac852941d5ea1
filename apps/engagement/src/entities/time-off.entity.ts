import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Delivery's time off (TimeOffRecorded / TimeOffCancelled), for owner suggestions. */
@Entity({ name: 'member_time_off' })
export class TimeOffEntity {
  @PrimaryColumn({ name: 'time_off_id', type: 'uuid' })
  timeOffId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate!: string;

  @Column({ name: 'minutes_per_day', type: 'integer' })
  minutesPerDay!: number;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
