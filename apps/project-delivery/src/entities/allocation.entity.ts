import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'allocation' })
export class AllocationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  @Column({ type: 'integer', name: 'minutes_per_week' })
  minutesPerWeek!: number;

  @Column({ type: 'date', name: 'from_date' })
  fromDate!: string;

  @Column({ type: 'date', name: 'to_date' })
  toDate!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** The role the member works under on this project in the range; null: their primary role. */
  @Column({ type: 'text', nullable: true })
  role!: string | null;
}
