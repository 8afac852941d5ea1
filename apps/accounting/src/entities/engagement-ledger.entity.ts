import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';
import type { PricingModel } from '../domain/recognition';

/** What accounting knows of an engagement, from EngagementOpened and the events after it. */
@Entity({ name: 'engagement_ledgers' })
export class EngagementLedgerEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'contract_id', type: 'uuid' })
  contractId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'client_name', type: 'text' })
  clientName!: string;

  @Column({ name: 'pricing_model', type: 'text' })
  pricingModel!: PricingModel;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'contract_value_minor', type: 'bigint', transformer: bigintColumn })
  contractValueMinor!: bigint;

  @Column({ name: 'budget_minutes', type: 'integer' })
  budgetMinutes!: number;

  @Column({ name: 'estimated_minutes', type: 'integer' })
  estimatedMinutes!: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ name: 'account_manager_id', type: 'uuid', nullable: true })
  accountManagerId!: string | null;

  @Column({ name: 'delivery_owner_id', type: 'uuid', nullable: true })
  deliveryOwnerId!: string | null;

  @Column({ name: 'roles_assigned_at', type: 'timestamptz', nullable: true })
  rolesAssignedAt!: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
