import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'post_implementation_reviews' })
export class PostImplementationReviewEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'integer' })
  satisfaction!: number;

  @Column({ name: 'lessons_learned', type: 'text', nullable: true })
  lessonsLearned!: string | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}
