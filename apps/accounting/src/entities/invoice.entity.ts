import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  /** One invoice per milestone sign-off, whatever the redeliveries. */
  @Column({ name: 'milestone_id', type: 'uuid', nullable: true })
  milestoneId!: string | null;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintColumn })
  amountMinor!: bigint;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
