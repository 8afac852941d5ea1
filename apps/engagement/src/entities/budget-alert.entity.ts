import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A budget threshold (50, 75, 90, 100 % burn) the engagement rose through, from accounting. */
@Entity({ name: 'budget_alerts' })
export class BudgetAlertEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'integer' })
  percent!: number;

  @Column({ name: 'crossed_at', type: 'timestamptz' })
  crossedAt!: Date;
}
