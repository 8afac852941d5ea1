import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

export const ENGAGEMENT_STATUSES = ['HANDOFF', 'ACTIVE', 'ON_HOLD', 'CLOSING', 'CLOSED'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
export type PricingModel = 'FIXED_FEE' | 'TIME_AND_MATERIALS' | 'RETAINER';

/** One engagement per signed contract; the contract facts are kept as they were signed. */
@Entity({ name: 'engagements' })
export class EngagementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'contract_id', type: 'uuid', unique: true })
  contractId!: string;

  @Column({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'client_name', type: 'text' })
  clientName!: string;

  @Column({ name: 'account_manager_id', type: 'uuid', nullable: true })
  accountManagerId!: string | null;

  @Column({ name: 'delivery_owner_id', type: 'uuid', nullable: true })
  deliveryOwnerId!: string | null;

  @Column({ type: 'text' })
  status!: EngagementStatus;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'contract_value_minor', type: 'bigint', transformer: bigintColumn })
  contractValueMinor!: bigint;

  @Column({ name: 'pricing_model', type: 'text' })
  pricingModel!: PricingModel;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ name: 'budget_minutes', type: 'integer' })
  budgetMinutes!: number;

  @Column({ name: 'estimated_minutes', type: 'integer' })
  estimatedMinutes!: number;

  @Column({ name: 'contract_signed_at', type: 'timestamptz' })
  contractSignedAt!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
