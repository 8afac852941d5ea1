import type { EntityManager } from 'typeorm';
import { ChangeOrderEntity } from '../entities/change-order.entity';
import { ProjectEntity } from '../entities/project.entity';
import { lockEngagement } from './repository';
import { applyChangeOrder } from './rules';

/**
 * The engagement facts this service keeps from engagement events. Each write is an upsert
 * that only fills in its own facts, so the events can arrive in any order and a replay into
 * an empty table gives the same rows.
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

export async function recordEngagementOpened(
  manager: EntityManager,
  facts: EngagementOpenedFacts,
): Promise<void> {
  // Roles from EngagementRolesAssigned are newer than the ones the engagement opened with.
  await manager.query(
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

export async function recordRolesAssigned(
  manager: EntityManager,
  facts: { engagementId: string; accountManagerId: string; deliveryOwnerId: string; assignedAt: string },
): Promise<void> {
  // The latest assignment wins, whatever order the assignments are seen in.
  await manager.query(
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

export async function recordEngagementClosed(
  manager: EntityManager,
  facts: { engagementId: string; closedAt: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO engagement (id, status, closed_at) VALUES ($1, 'CLOSED', $2)
     ON CONFLICT (id) DO UPDATE SET status = 'CLOSED', closed_at = EXCLUDED.closed_at`,
    [facts.engagementId, facts.closedAt],
  );
}

export interface ChangeOrderFacts {
  changeOrderId: string;
  engagementId: string;
  minutesDelta: number;
  scheduleDeltaDays: number;
  approvedAt: string;
}

/**
 * Keeps the approved change order as a fact and applies it to the engagement's main project:
 * the earliest created one still PLANNED or ACTIVE. Without one it stays pending until
 * createProject picks it up. The engagement row lock makes this and createProject take turns.
 */
export async function recordChangeOrderApproved(
  manager: EntityManager,
  facts: ChangeOrderFacts,
): Promise<void> {
  await lockEngagement(manager, facts.engagementId);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO change_order (id, engagement_id, minutes_delta, schedule_delta_days, approved_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [facts.changeOrderId, facts.engagementId, facts.minutesDelta, facts.scheduleDeltaDays, facts.approvedAt],
  );
  // The same change order under another event id (a re-publish) must not move the budget twice.
  if (inserted.length === 0) return;

  const main = await manager
    .getRepository(ProjectEntity)
    .createQueryBuilder('p')
    .setLock('pessimistic_write')
    .where('p.engagement_id = :engagementId', { engagementId: facts.engagementId })
    .andWhere(`p.status IN ('PLANNED', 'ACTIVE')`)
    .orderBy('p.created_at', 'ASC')
    .addOrderBy('p.id', 'ASC')
    .limit(1)
    .getOne();
  if (!main) return;

  const moved = applyChangeOrder(main, facts);
  await manager.getRepository(ProjectEntity).update(main.id, moved);
  await manager
    .getRepository(ChangeOrderEntity)
    .update(facts.changeOrderId, { appliedProjectId: main.id, appliedAt: new Date() });
}
