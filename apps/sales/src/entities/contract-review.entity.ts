import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReviewDecision, ReviewDiscipline } from '../domain/sales-types';

/** Reviews are never rewritten: each keeps the estimate revision it judged. */
@Entity({ name: 'contract_reviews' })
export class ContractReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId!: string;

  @Column({ type: 'text' })
  discipline!: ReviewDiscipline;

  @Column({ type: 'text' })
  decision!: ReviewDecision;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'estimate_revision', type: 'integer' })
  estimateRevision!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** A DELIVERY counter-estimate, costed at the card when it was given (null cost: no rate). */
  @Column({ name: 'suggested_lines', type: 'jsonb', nullable: true })
  suggestedLines!: SuggestedLineRecord[] | null;
}

export interface SuggestedLineRecord {
  role: string;
  minutes: number;
  /** Minor units of the estimate's currency, as a string (JSON has no bigint). */
  costRateMinor: string | null;
}
