import { IsNull, Not, type EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { ChangeOrderEntity } from '../entities/change-order.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';

export interface ChangeOrderFacts {
  changeOrderId: string;
  engagementId: string;
  minutesDelta: number;
  scheduleDeltaDays: number;
  approvedAt: string;
}

/** Projects, their milestones and the change orders applied to them, inside the caller's transaction. */
export class ProjectRepository {
  constructor(private readonly manager: EntityManager) {}

  find(id: string): Promise<ProjectEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.getRepository(ProjectEntity).findOne({ where: { id } });
  }

  /** Reads a project and holds its row lock until the transaction ends (null when absent). */
  lock(id: string): Promise<ProjectEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(ProjectEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Reads a project under a share lock: time and allocations written against it cannot
   * interleave with a status change (complete, cancel) that would have refused them.
   */
  share(id: string): Promise<ProjectEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(ProjectEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /** The project of a known milestone (never deleted). */
  async ofMilestone(milestone: { id: string; projectId: string }): Promise<ProjectEntity> {
    const project = await this.find(milestone.projectId);
    if (!project) throw new Error(`project ${milestone.projectId} of milestone ${milestone.id} is missing`);
    return project;
  }

  /** Budget minutes of the engagement's projects not cancelled, and of its approved change orders. */
  async promisedMinutes(engagementId: string): Promise<{ promised: number; changeOrders: number }> {
    const [row] = (await this.manager.query(
      `SELECT (SELECT coalesce(sum(budget_minutes), 0) FROM project
                WHERE engagement_id = $1 AND status <> 'CANCELLED')::int AS promised,
              (SELECT coalesce(sum(minutes_delta), 0) FROM change_order WHERE engagement_id = $1)::int AS change_orders`,
      [engagementId],
    )) as Array<{ promised: number; change_orders: number }>;
    return { promised: row.promised, changeOrders: row.change_orders };
  }

  async insert(project: ProjectEntity): Promise<void> {
    await this.manager.getRepository(ProjectEntity).insert(project);
  }

  async save(project: ProjectEntity): Promise<void> {
    await this.manager.getRepository(ProjectEntity).save(project);
  }

  async update(id: string, patch: { budgetMinutes?: number; dueDate?: string }): Promise<void> {
    await this.manager.getRepository(ProjectEntity).update(id, patch);
  }

  /** The engagement's main project, locked: the earliest created one still PLANNED or ACTIVE. */
  lockMainOpenProject(engagementId: string): Promise<ProjectEntity | null> {
    return this.manager
      .getRepository(ProjectEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.engagement_id = :engagementId', { engagementId })
      .andWhere(`p.status IN ('PLANNED', 'ACTIVE')`)
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(1)
      .getOne();
  }

  /** Reads a milestone and holds its row lock until the transaction ends (null when absent). */
  lockMilestone(id: string): Promise<MilestoneEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(MilestoneEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insertMilestones(milestones: MilestoneEntity[]): Promise<void> {
    await this.manager.getRepository(MilestoneEntity).insert(milestones);
  }

  async saveMilestone(milestone: MilestoneEntity): Promise<void> {
    await this.manager.getRepository(MilestoneEntity).save(milestone);
  }

  /** The project's milestones not signed off yet, locked, in due-date order. */
  lockUnsignedMilestones(projectId: string): Promise<MilestoneEntity[]> {
    return this.manager.getRepository(MilestoneEntity).find({
      where: { projectId, status: Not('SIGNED_OFF') },
      order: { dueDate: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async moveMilestoneDue(id: string, dueDate: string): Promise<void> {
    await this.manager.getRepository(MilestoneEntity).update(id, { dueDate });
  }

  /** Keeps an approved change order as a fact; false when it was already kept (a re-publish). */
  async insertChangeOrder(facts: ChangeOrderFacts): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO change_order (id, engagement_id, minutes_delta, schedule_delta_days, approved_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        facts.changeOrderId,
        facts.engagementId,
        facts.minutesDelta,
        facts.scheduleDeltaDays,
        facts.approvedAt,
      ],
    );
    return inserted.length > 0;
  }

  /** Change orders of the engagement not applied to any project yet, in approval order. */
  pendingChangeOrders(engagementId: string): Promise<ChangeOrderEntity[]> {
    return this.manager.getRepository(ChangeOrderEntity).find({
      where: { engagementId, appliedProjectId: IsNull() },
      order: { approvedAt: 'ASC', id: 'ASC' },
    });
  }

  async markChangeOrdersApplied(ids: string[], projectId: string, appliedAt: Date): Promise<void> {
    await this.manager
      .getRepository(ChangeOrderEntity)
      .update(ids, { appliedProjectId: projectId, appliedAt });
  }
}
