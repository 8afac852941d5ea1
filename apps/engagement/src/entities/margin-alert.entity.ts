import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Latest margin alert and latest all-clear from accounting. The engagement is at risk when the
 * alert is later than the all-clear, so a stale alert delivered late never undoes a newer all-clear.
 */
@Entity({ name: 'margin_alerts' })
export class MarginAlertEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'raised_at', type: 'timestamptz', nullable: true })
  raisedAt!: Date | null;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;
}
