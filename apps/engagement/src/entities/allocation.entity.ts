import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local projection of delivery's allocations (AllocationChanged); the latest event per id wins. */
@Entity({ name: 'allocations' })
export class AllocationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'minutes_per_week', type: 'integer' })
  minutesPerWeek!: number;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate!: string;

  @Column({ name: 'event_occurred_at', type: 'timestamptz' })
  eventOccurredAt!: Date;
}
