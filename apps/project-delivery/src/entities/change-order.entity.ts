import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An approved change order as a fact. It may arrive before the engagement has any project;
 * it then waits here (`appliedProjectId` null) and is applied to the first project created.
 */
@Entity({ name: 'change_order' })
export class ChangeOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'engagement_id' })
  engagementId!: string;

  @Column({ type: 'integer', name: 'minutes_delta' })
  minutesDelta!: number;

  @Column({ type: 'integer', name: 'schedule_delta_days' })
  scheduleDeltaDays!: number;

  @Column({ type: 'timestamptz', name: 'approved_at' })
  approvedAt!: Date;

  @Column({ type: 'uuid', name: 'applied_project_id', nullable: true })
  appliedProjectId!: string | null;

  @Column({ type: 'timestamptz', name: 'applied_at', nullable: true })
  appliedAt!: Date | null;
}
