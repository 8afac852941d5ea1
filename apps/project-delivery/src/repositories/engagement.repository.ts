import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { EngagementEntity } from '../entities/engagement.entity';

/**
 * The engagement facts delivery keeps from engagement events (the projection). Each write is an
 * upsert that only fills in its own facts, so the events can arrive in any order and a replay
 * into an empty table gives the same rows.
 */
export interface EngagementOpenedFacts {
  engagementId: string;
  name: string;
  currency: string;
  startDate: string;
  endDate: string;
  accountManagerId: string | null;
  deliveryOwnerId: string | null;
  openedAt: string;
  budgetMinutes: number;
}

export class EngagementRepository {
  constructor(private readonly manager: EntityManager) {}

  find(id: string): Promise<EngagementEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.getRepository(EngagementEntity).findOne({ where: { id } });
  }

  /** The engagement of a known project: a project is only created for a known engagement, and projections are never deleted. */
  async ofProject(project: { id: string; engagementId: string }): Promise<EngagementEntity> {
    const engagement = await this.find(project.engagementId);
    if (!engagement)
      throw new Error(`engagement ${project.engagementId} of project ${project.id} is missing`);
    return engagement;
  }

  /** Locked so project creation and change orders for one engagement take turns. */
  lock(id: string): Promise<EngagementEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(EngagementEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async recordOpened(facts: EngagementOpenedFacts): Promise<void> {
    // Roles from EngagementRolesAssigned are newer than the ones the engagement opened with.
    await this.manager.query(
      `INSERT INTO engagement (id, name, currency, start_date, end_date, account_manager_id, delivery_owner_id, opened_at, budget_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name,
         budget_minutes = EXCLUDED.budget_minutes,
         currency = EXCLUDED.currency,
         start_date = EXCLUDED.start_date,
         end_date = EXCLUDED.end_date,
         opened_at = EXCLUDED.opened_at,
         account_manager_id = CASE WHEN engagement.roles_assigned_at IS NULL
           THEN EXCLUDED.account_manager_id ELSE engagement.account_manager_id END,
         delivery_owner_id = CASE WHEN engagement.roles_assigned_at IS NULL
           THEN EXCLUDED.delivery_owner_id ELSE engagement.delivery_owner_id END`,
      [
        facts.engagementId,
        facts.name,
        facts.currency,
        facts.startDate,
        facts.endDate,
        facts.accountManagerId,
        facts.deliveryOwnerId,
        facts.openedAt,
        facts.budgetMinutes,
      ],
    );
  }

  async recordRolesAssigned(facts: {
    engagementId: string;
    accountManagerId: string;
    deliveryOwnerId: string;
    assignedAt: string;
  }): Promise<void> {
    // The latest assignment wins, whatever order the assignments are seen in.
    await this.manager.query(
      `INSERT INTO engagement (id, account_manager_id, delivery_owner_id, roles_assigned_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET
         account_manager_id = EXCLUDED.account_manager_id,
         delivery_owner_id = EXCLUDED.delivery_owner_id,
         roles_assigned_at = EXCLUDED.roles_assigned_at
       WHERE engagement.roles_assigned_at IS NULL OR engagement.roles_assigned_at <= EXCLUDED.roles_assigned_at`,
      [facts.engagementId, facts.accountManagerId, facts.deliveryOwnerId, facts.assignedAt],
    );
  }

  async recordClosed(facts: { engagementId: string; closedAt: string }): Promise<void> {
    await this.manager.query(
      `INSERT INTO engagement (id, status, closed_at) VALUES ($1, 'CLOSED', $2)
       ON CONFLICT (id) DO UPDATE SET status = 'CLOSED', closed_at = EXCLUDED.closed_at`,
      [facts.engagementId, facts.closedAt],
    );
  }
}
