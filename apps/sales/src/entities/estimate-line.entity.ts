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

  /** The role card's cost rate in force on the estimate's start date; null while it has none. */
  @Column({ name: 'cost_rate_minor', type: 'bigint', nullable: true, transformer: bigintColumn })
  costRateMinor!: bigint | null;

  @Column({ name: 'bill_rate_minor', type: 'bigint', transformer: bigintColumn })
  billRateMinor!: bigint;
}
