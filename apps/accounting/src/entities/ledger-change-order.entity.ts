import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/** An approved change order as accounting saw it (ChangeOrderApproved). */
@Entity({ name: 'ledger_change_orders' })
export class LedgerChangeOrderEntity {
  @PrimaryColumn({ name: 'change_order_id', type: 'uuid' })
  changeOrderId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintColumn })
  amountMinor!: bigint;

  @Column({ type: 'integer' })
  minutes!: number;

  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt!: Date;

  /** UTC calendar date of the approval: a change order counts in revenue from that day on. */
  @Column({ name: 'approved_on', type: 'date' })
  approvedOn!: string;
}
