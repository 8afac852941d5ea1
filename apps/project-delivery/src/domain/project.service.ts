import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { badInput, notFound } from '@platform/errors';
import { minutesFromHours, requireRole, type Actor } from '@platform/domain-kit';
import { ChangeOrderEntity } from '../entities/change-order.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import { publishMilestonePlanned } from './milestone.service';
import { standardMilestones } from './milestone-plan';
import { requireWithinSold } from './project-budget';
import type { DeliveryPorts } from './ports';
import { lockEngagement, lockProject } from './repository';
import { applyChangeOrder, dateOrder, nextProjectStatus, requiredName, type ProjectMove } from './rules';

export interface CreateProjectInput {
  engagementId: string;
  name: string;
  startDate: string;
  dueDate: string;
  budgetHours: number;
  useStandardMilestones?: boolean | null;
}

/**
 * DELIVERY/ADMIN. Only for an engagement this service learnt from EngagementOpened and that is
 * not closed. Change orders approved before the engagement had an open project are applied now.
 */
export async function createProject(
  ports: DeliveryPorts,
  actor: Actor,
  input: CreateProjectInput,
): Promise<ProjectEntity> {
  requireRole(actor, 'DELIVERY');
  const name = requiredName(input.name, 'input.name');
  dateOrder(input.startDate, input.dueDate, 'input.dueDate');
  const budgetMinutes = minutesFromHours(input.budgetHours, 'input.budgetHours', { allowZero: true });

  return ports.dataSource.transaction(async (manager) => {
    const engagement = await lockEngagement(manager, input.engagementId);
    if (!engagement || engagement.openedAt === null) {
      throw notFound('Engagement', input.engagementId, 'input.engagementId');
    }
    if (engagement.status === 'CLOSED') throw badInput('input.engagementId', 'the engagement is closed');
    if (engagement.budgetMinutes !== null) {
      const [row] = (await manager.query(
        `SELECT (SELECT coalesce(sum(budget_minutes), 0) FROM project
                  WHERE engagement_id = $1 AND status <> 'CANCELLED')::int AS promised,
                (SELECT coalesce(sum(minutes_delta), 0) FROM change_order WHERE engagement_id = $1)::int AS change_orders`,
        [engagement.id],
      )) as Array<{ promised: number; change_orders: number }>;
      requireWithinSold({
        contractMinutes: engagement.budgetMinutes,
        changeOrderMinutes: row.change_orders,
        promisedMinutes: row.promised + budgetMinutes,
      });
    }

    const now = new Date();
    const project = Object.assign(new ProjectEntity(), {
      id: randomUUID(),
      engagementId: engagement.id,
      name,
      status: 'PLANNED',
      startDate: input.startDate,
      dueDate: input.dueDate,
      budgetMinutes,
      createdAt: now,
      startedAt: null,
      completedAt: null,
      cancelledAt: null,
    } satisfies ProjectEntity);
    await manager.getRepository(ProjectEntity).insert(project);

    if (input.useStandardMilestones ?? true) {
      const milestones = standardMilestones(project.startDate, project.dueDate).map((m) =>
        Object.assign(new MilestoneEntity(), {
          id: randomUUID(),
          projectId: project.id,
          kind: m.kind,
          name: m.name,
          dueDate: m.dueDate,
          status: 'OPEN',
          billingAmountMinor: null,
          billingCurrency: null,
          createdAt: now,
          deliveredAt: null,
          signedOffAt: null,
          signedOffBy: null,
        } satisfies MilestoneEntity),
      );
      await manager.getRepository(MilestoneEntity).insert(milestones);
      for (const m of milestones) await publishMilestonePlanned(ports, manager, m, project.engagementId);
    }

    // Published with the budget as entered: consumers learn change-order hours from
    // ChangeOrderApproved itself, so including them here would count them twice.
    await ports.outbox.publish(manager, 'ProjectCreated', {
      projectId: project.id,
      engagementId: project.engagementId,
      name: project.name,
      startDate: project.startDate,
      dueDate: project.dueDate,
      budgetMinutes: project.budgetMinutes,
      createdAt: now.toISOString(),
    });

    await applyPendingChangeOrders(manager, project);
    return project;
  });
}

/** Change orders that found no open project when they arrived go to the first one created after (their schedule). */
async function applyPendingChangeOrders(manager: EntityManager, project: ProjectEntity): Promise<void> {
  const pending = await manager.getRepository(ChangeOrderEntity).find({
    where: { engagementId: project.engagementId, appliedProjectId: IsNull() },
    order: { approvedAt: 'ASC', id: 'ASC' },
  });
  if (pending.length === 0) return;
  // Their hours are not added: the project was just budgeted against the contract plus every
  // approved change order (requireWithinSold), so adding them would promise them twice.
  // Their schedule deltas still move the due date.
  for (const change of pending) {
    Object.assign(project, { dueDate: applyChangeOrder(project, { ...change, minutesDelta: 0 }).dueDate });
  }
  await manager.getRepository(ProjectEntity).update(project.id, { dueDate: project.dueDate });
  const appliedAt = new Date();
  await manager.getRepository(ChangeOrderEntity).update(
    pending.map((c) => c.id),
    { appliedProjectId: project.id, appliedAt },
  );
}

/**
 * Kickoff held (start: PLANNED → ACTIVE), complete (ACTIVE → COMPLETED) or cancel
 * (PLANNED/ACTIVE → CANCELLED); any other move is a CONFLICT. DELIVERY/ADMIN.
 */
export async function moveProject(
  ports: DeliveryPorts,
  actor: Actor,
  projectId: string,
  move: ProjectMove,
): Promise<ProjectEntity> {
  requireRole(actor, 'DELIVERY');
  return ports.dataSource.transaction(async (manager) => {
    const project = await lockProject(manager, projectId);
    if (!project) throw notFound('Project', projectId, 'projectId');
    project.status = nextProjectStatus(project.status, move);
    const now = new Date();
    const at = now.toISOString();
    const ids = { projectId: project.id, engagementId: project.engagementId };
    if (move === 'start') {
      project.startedAt = now;
      await manager.getRepository(ProjectEntity).save(project);
      await ports.outbox.publish(manager, 'ProjectStarted', { ...ids, startedAt: at });
    } else if (move === 'complete') {
      project.completedAt = now;
      await manager.getRepository(ProjectEntity).save(project);
      await ports.outbox.publish(manager, 'ProjectCompleted', { ...ids, completedAt: at });
    } else {
      project.cancelledAt = now;
      await manager.getRepository(ProjectEntity).save(project);
      await ports.outbox.publish(manager, 'ProjectCancelled', { ...ids, cancelledAt: at });
    }
    return project;
  });
}
