import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

export type ChangeOrderStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED';

@Entity({ name: 'change_orders' })
export class ChangeOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'amount_delta_minor', type: 'bigint', transformer: bigintColumn })
  amountDeltaMinor!: bigint;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'minutes_delta', type: 'integer' })
  minutesDelta!: number;

  @Column({ name: 'schedule_delta_days', type: 'integer' })
  scheduleDeltaDays!: number;

  @Column({ type: 'text' })
  status!: ChangeOrderStatus;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Bill rates the change order adds to (or changes in) the contract's rate table; minor units as strings. */
  @Column({ type: 'jsonb' })
  rates!: ChangeOrderRate[];
}

export interface ChangeOrderRate {
  role: string;
  billRateMinor: string;
}
