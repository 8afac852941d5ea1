import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericColumn } from '@platform/db';

/** Last published risk state of an engagement, so alerts fire on crossings only. */
@Entity({ name: 'margin_alerts' })
export class MarginAlertEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'at_risk', type: 'boolean' })
  atRisk!: boolean;

  @Column({ name: 'margin_percent', type: 'numeric', nullable: true, transformer: numericColumn })
  marginPercent!: number | null;

  @Column({ name: 'burn_percent', type: 'numeric', transformer: numericColumn })
  burnPercent!: number;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
