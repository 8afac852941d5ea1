import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Minutes per working day a member is away over a date range; cancelled time off is kept. */
@Entity({ name: 'time_off' })
export class TimeOffEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId!: string;

  @Column({ type: 'date', name: 'from_date' })
  fromDate!: string;

  @Column({ type: 'date', name: 'to_date' })
  toDate!: string;

  @Column({ type: 'integer', name: 'minutes_per_day' })
  minutesPerDay!: number;

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}
