import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What this service knows of delivery's projects, as facts with their times, so that the
 * project events can arrive in any order; closing needs every known project finished.
 */
@Entity({ name: 'project_statuses' })
export class ProjectStatusEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
