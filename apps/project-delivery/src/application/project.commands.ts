import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, notFound } from '@platform/errors';
import { minutesFromHours, requireRole, type Actor } from '@platform/domain-kit';
import { standardMilestones } from '../domain/milestone-plan';
import { requireWithinSold } from '../domain/project-budget';
import {
  applyChangeOrder,
  dateOrder,
  movedMilestoneDue,
  nextProjectStatus,
  requiredName,
  type ProjectMove,
} from '../domain/rules';
import type { ChangeOrderEntity } from '../entities/change-order.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf } from '../repositories';
import type { ProjectRepository } from '../repositories/project.repository';

export interface CreateProjectInput {
  engagementId: string;
  name: string;
  startDate: string;
  dueDate: string;
  budgetHours: number;
  useStandardMilestones?: boolean | null;
}

/** Projects of a known engagement and their lifecycle. */
export class ProjectCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /**
   * DELIVERY/ADMIN. Only for an engagement this service learnt from EngagementOpened and that is
   * not closed. Change orders approved before the engagement had an open project are applied now:
   * they move its due date and its standard milestones' due dates.
   */
  async createProject(actor: Actor, input: CreateProjectInput): Promise<ProjectEntity> {
    requireRole(actor, 'DELIVERY');
    const name = requiredName(input.name, 'input.name');
    dateOrder(input.startDate, input.dueDate, 'input.dueDate');
    const budgetMinutes = minutesFromHours(input.budgetHours, 'input.budgetHours', { allowZero: true });

    return this.dataSource.transaction(async (manager) => {
      const { engagements, projects } = repositoriesOf(manager);
      const engagement = await engagements.lock(input.engagementId);
      if (!engagement || engagement.openedAt === null) {
        throw notFound('Engagement', input.engagementId, 'input.engagementId');
      }
      if (engagement.status === 'CLOSED') throw badInput('input.engagementId', 'the engagement is closed');
      if (engagement.budgetMinutes !== null) {
        const sold = await projects.promisedMinutes(engagement.id);
        requireWithinSold({
          contractMinutes: engagement.budgetMinutes,
          changeOrderMinutes: sold.changeOrders,
          promisedMinutes: sold.promised + budgetMinutes,
        });
      }

      // Change orders that found no open project when they arrived (their schedule applies here).
      const pending = await projects.pendingChangeOrders(engagement.id);
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
      await projects.insert(project);

      if (input.useStandardMilestones ?? true) {
        const milestones = standardMilestones(project.startDate, project.dueDate).map((m) =>
          Object.assign(new MilestoneEntity(), {
            id: randomUUID(),
            projectId: project.id,
            kind: m.kind,
            name: m.name,
            dueDate: pending.reduce(
              (due, change) => movedMilestoneDue({ dueDate: due }, project, change),
              m.dueDate,
            ),
            status: 'OPEN',
            billingAmountMinor: null,
            billingCurrency: null,
            createdAt: now,
            deliveredAt: null,
            signedOffAt: null,
            signedOffBy: null,
          } satisfies MilestoneEntity),
        );
        await projects.insertMilestones(milestones);
        for (const m of milestones)
          await this.events.milestonePlanned(manager, m, project.engagementId, m.createdAt);
      }

      await this.events.projectCreated(manager, project);
      await applyPendingChangeOrders(projects, project, pending);
      return project;
    });
  }

  /**
   * Kickoff held (start: PLANNED → ACTIVE), complete (ACTIVE → COMPLETED) or cancel
   * (PLANNED/ACTIVE → CANCELLED); any other move is a CONFLICT. DELIVERY/ADMIN.
   */
  async moveProject(actor: Actor, projectId: string, move: ProjectMove): Promise<ProjectEntity> {
    requireRole(actor, 'DELIVERY');
    return this.dataSource.transaction(async (manager) => {
      const { projects } = repositoriesOf(manager);
      const project = await projects.lock(projectId);
      if (!project) throw notFound('Project', projectId, 'projectId');
      project.status = nextProjectStatus(project.status, move);
      const now = new Date();
      const keys = { projectId: project.id, engagementId: project.engagementId };
      if (move === 'start') {
        project.startedAt = now;
        await projects.save(project);
        await this.events.projectStarted(manager, keys, now);
      } else if (move === 'complete') {
        project.completedAt = now;
        await projects.save(project);
        await this.events.projectCompleted(manager, keys, now);
      } else {
        project.cancelledAt = now;
        await projects.save(project);
        await this.events.projectCancelled(manager, keys, now);
      }
      return project;
    });
  }
}

/** Change orders that found no open project when they arrived go to the first one created after (their schedule). */
async function applyPendingChangeOrders(
  projects: ProjectRepository,
  project: ProjectEntity,
  pending: readonly ChangeOrderEntity[],
): Promise<void> {
  if (pending.length === 0) return;
  // Their hours are not added: the project was just budgeted against the contract plus every
  // approved change order (requireWithinSold), so adding them would promise them twice.
  // Their schedule deltas still move the due date.
  for (const change of pending) {
    Object.assign(project, { dueDate: applyChangeOrder(project, { ...change, minutesDelta: 0 }).dueDate });
  }
  await projects.update(project.id, { dueDate: project.dueDate });
  await projects.markChangeOrdersApplied(
    pending.map((c) => c.id),
    project.id,
    new Date(),
  );
}
