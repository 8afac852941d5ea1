import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AllocationStatus = 'TENTATIVE' | 'CONFIRMED' | 'RELEASED';

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

  /** TENTATIVE or CONFIRMED while it holds; RELEASED frees the hours and keeps the history. */
  @Column({ type: 'text' })
  status!: AllocationStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
  /** The role the member works under on this project in the range; null: their primary role. */
  @Column({ type: 'text', nullable: true })
  role!: string | null;
}
