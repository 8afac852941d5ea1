import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EngagementStatus = 'OPEN' | 'CLOSED';

/**
 * Local projection of an engagement, built from engagement events. Rows can exist before
 * EngagementOpened arrives (roles or closing seen first), so the opened facts are nullable;
 * `openedAt` null means this service does not know the engagement yet.
 */
@Entity({ name: 'engagement' })
export class EngagementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ type: 'date', name: 'start_date', nullable: true })
  startDate!: string | null;

  @Column({ type: 'date', name: 'end_date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'uuid', name: 'account_manager_id', nullable: true })
  accountManagerId!: string | null;

  @Column({ type: 'uuid', name: 'delivery_owner_id', nullable: true })
  deliveryOwnerId!: string | null;

  @Column({ type: 'timestamptz', name: 'roles_assigned_at', nullable: true })
  rolesAssignedAt!: Date | null;

  @Column({ type: 'text' })
  status!: EngagementStatus;

  @Column({ type: 'timestamptz', name: 'opened_at', nullable: true })
  openedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** The contract's budget from EngagementOpened; null until it is known. */
  @Column({ name: 'budget_minutes', type: 'integer', nullable: true })
  budgetMinutes!: number | null;
}
