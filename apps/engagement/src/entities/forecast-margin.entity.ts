import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn, numericColumn } from '@platform/db';

/**
 * Accounting's forecast margin at completion (ForecastChanged), kept here so the portfolio view
 * orders and pages engagements by forecast margin loss in one subgraph. The latest change wins.
 */
@Entity({ name: 'forecast_margins' })
export class ForecastMarginEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'margin_minor', type: 'bigint', nullable: true, transformer: bigintColumn })
  marginMinor!: bigint | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ name: 'margin_percent', type: 'numeric', nullable: true, transformer: numericColumn })
  marginPercent!: number | null;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
