import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OpportunityStage, PricingModel } from '../domain/sales-types';

@Entity({ name: 'opportunities' })
export class OpportunityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  stage!: OpportunityStage;

  @Column({ name: 'pricing_model', type: 'text' })
  pricingModel!: PricingModel;

  @Column({ name: 'lost_reason', type: 'text', nullable: true })
  lostReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
