import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One risk reason of an engagement from accounting: it holds while its raise is later than its clear. */
@Entity({ name: 'risk_signals' })
export class RiskSignalEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @PrimaryColumn({ type: 'text' })
  reason!: string;

  @Column({ name: 'raised_at', type: 'timestamptz', nullable: true })
  raisedAt!: Date | null;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;
}
