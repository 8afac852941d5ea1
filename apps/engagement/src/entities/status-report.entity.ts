import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Rag, SuggestedStatus } from '../domain/status-report';

@Entity({ name: 'status_reports' })
export class StatusReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  schedule!: Rag;

  @Column({ type: 'text' })
  budget!: Rag;

  @Column({ type: 'text' })
  scope!: Rag;

  /** What the rules suggested when it was filed, with the facts. */
  @Column({ type: 'jsonb' })
  suggested!: SuggestedStatus;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'next_steps', type: 'text', nullable: true })
  nextSteps!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}
