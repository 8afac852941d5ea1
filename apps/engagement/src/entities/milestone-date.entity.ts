import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Delivery's milestones as engagement needs them: due date and sign-off (the schedule colour). */
@Entity({ name: 'milestone_dates' })
export class MilestoneDateEntity {
  @PrimaryColumn({ name: 'milestone_id', type: 'uuid' })
  milestoneId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  /** Null while only the sign-off is known (events of one engagement arrive in order; this is belt and braces). */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt!: Date | null;
}
