import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';
import type { MilestoneKind } from '../domain/milestone-plan';
import type { MilestoneStatus } from '../domain/rules';

@Entity({ name: 'milestone' })
export class MilestoneEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  @Column({ type: 'text' })
  kind!: MilestoneKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'date', name: 'due_date' })
  dueDate!: string;

  @Column({ type: 'text' })
  status!: MilestoneStatus;

  @Column({ type: 'bigint', name: 'billing_amount_minor', nullable: true, transformer: bigintColumn })
  billingAmountMinor!: bigint | null;

  @Column({ type: 'char', length: 3, name: 'billing_currency', nullable: true })
  billingCurrency!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'signed_off_at', nullable: true })
  signedOffAt!: Date | null;

  // The signer's token subject, kept as given (an ADMIN need not be a team member).
  @Column({ type: 'text', name: 'signed_off_by', nullable: true })
  signedOffBy!: string | null;
}
