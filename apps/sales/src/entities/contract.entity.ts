import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';
import type { PricingModel } from '../domain/sales-types';

/** The contract as signed; later change orders live in the engagement, not here. */
@Entity({ name: 'contracts' })
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'opportunity_id', type: 'uuid', unique: true })
  opportunityId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'value_minor', type: 'bigint', transformer: bigintColumn })
  valueMinor!: bigint;

  @Column({ name: 'pricing_model', type: 'text' })
  pricingModel!: PricingModel;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ name: 'budget_minutes', type: 'integer' })
  budgetMinutes!: number;

  @Column({ type: 'text' })
  scope!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;
}
