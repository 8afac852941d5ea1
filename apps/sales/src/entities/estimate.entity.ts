import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/** The current estimate of an opportunity (one per opportunity); its lines are replaced with it. */
@Entity({ name: 'estimates' })
export class EstimateEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  /** Every rate and the price share this currency. */
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'price_minor', type: 'bigint', transformer: bigintColumn })
  priceMinor!: bigint;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ type: 'text' })
  scope!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
