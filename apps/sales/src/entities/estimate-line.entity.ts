import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

@Entity({ name: 'estimate_lines' })
export class EstimateLineEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  role!: string;

  @Column({ type: 'integer' })
  minutes!: number;

  @Column({ name: 'cost_rate_minor', type: 'bigint', transformer: bigintColumn })
  costRateMinor!: bigint;

  @Column({ name: 'bill_rate_minor', type: 'bigint', transformer: bigintColumn })
  billRateMinor!: bigint;
}
