import { In, type EntityManager } from 'typeorm';
import { AllocationEntity } from '../entities/allocation.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import { TeamMemberEntity } from '../entities/team-member.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { TimeOffEntity } from '../entities/time-off.entity';

export interface TimeEntryFilter {
  from: string | null;
  to: string | null;
  /** Only this member's entries (a MEMBER's view); null for everyone's. */
  memberId: string | null;
}

/**
 * The reads behind the DataLoaders and queries: every list read takes many ids at once. Built on
 * the request's snapshot (requestSnapshot in libs/db), so one query sees one state. Callers pass
 * only valid UUIDs.
 */
export class DeliveryReads {
  constructor(private readonly manager: EntityManager) {}

  membersByIds(ids: string[]): Promise<TeamMemberEntity[]> {
    return this.manager.getRepository(TeamMemberEntity).findBy({ id: In(ids) });
  }

  /** The team list, by name. */
  teamMembers(activeOnly: boolean): Promise<TeamMemberEntity[]> {
    return this.manager
      .getRepository(TeamMemberEntity)
      .find({ where: activeOnly ? { active: true } : {}, order: { name: 'ASC', id: 'ASC' } });
  }

  /** Allocations of each member, newest first. */
  allocationsByMemberIds(ids: string[]): Promise<AllocationEntity[]> {
    return this.manager
      .getRepository(AllocationEntity)
      .find({ where: { memberId: In(ids) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Time off of each member (cancelled included), newest first. */
  timeOffByMemberIds(ids: string[]): Promise<TimeOffEntity[]> {
    return this.manager
      .getRepository(TimeOffEntity)
      .find({ where: { memberId: In(ids) }, order: { fromDate: 'DESC', id: 'ASC' } });
  }

  /**
   * What the members' load over [from, to] is computed from: allocations that hold (not
   * released) and time off not cancelled, overlapping the range, and the minutes logged in it
   * per member; three queries.
   */
  async capacityFacts(
    ids: string[],
    from: string,
    to: string,
  ): Promise<{
    allocations: AllocationEntity[];
    timeOff: TimeOffEntity[];
    loggedMinutes: Map<string, number>;
  }> {
    const allocations = await this.manager
      .getRepository(AllocationEntity)
      .createQueryBuilder('a')
      .where('a.member_id IN (:...ids)', { ids })
      .andWhere('a.from_date <= :to AND a.to_date >= :from', { from, to })
      .andWhere(`a.status <> 'RELEASED'`)
      .getMany();
    const timeOff = await this.manager
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.member_id IN (:...ids) AND t.cancelled_at IS NULL', { ids })
      .andWhere('t.from_date <= :to AND t.to_date >= :from', { from, to })
      .getMany();
    const logged = await this.manager
      .getRepository(TimeEntryEntity)
      .createQueryBuilder('t')
      .select('t.memberId', 'memberId')
      .addSelect('COALESCE(SUM(t.minutes), 0)::int', 'minutes')
      .where('t.member_id IN (:...ids)', { ids })
      .andWhere('t.entry_date BETWEEN :from AND :to', { from, to })
      .groupBy('t.member_id')
      .getRawMany<{ memberId: string; minutes: number }>();
    return {
      allocations,
      timeOff,
      loggedMinutes: new Map(logged.map((row) => [row.memberId, Number(row.minutes)])),
    };
  }

  projectsByIds(ids: string[]): Promise<ProjectEntity[]> {
    return this.manager.getRepository(ProjectEntity).findBy({ id: In(ids) });
  }

  /** Projects of each engagement, oldest first. */
  projectsByEngagementIds(ids: string[]): Promise<ProjectEntity[]> {
    return this.manager
      .getRepository(ProjectEntity)
      .find({ where: { engagementId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  milestonesByIds(ids: string[]): Promise<MilestoneEntity[]> {
    return this.manager.getRepository(MilestoneEntity).findBy({ id: In(ids) });
  }

  /** Milestones of each project in due-date order. */
  milestonesByProjectIds(ids: string[]): Promise<MilestoneEntity[]> {
    return this.manager
      .getRepository(MilestoneEntity)
      .find({ where: { projectId: In(ids) }, order: { dueDate: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** Total minutes logged on each project, in one aggregate query. */
  async loggedMinutesByProjectIds(ids: string[]): Promise<Map<string, number>> {
    const rows = await this.manager
      .getRepository(TimeEntryEntity)
      .createQueryBuilder('t')
      .select('t.projectId', 'projectId')
      .addSelect('SUM(t.minutes)::int', 'minutes')
      .where('t.project_id IN (:...ids)', { ids })
      .groupBy('t.project_id')
      .getRawMany<{ projectId: string; minutes: number }>();
    return new Map(rows.map((row) => [row.projectId, Number(row.minutes)]));
  }

  /** Entries of the projects within an optional date range, oldest date first. */
  timeEntries(projectIds: string[], filter: TimeEntryFilter): Promise<TimeEntryEntity[]> {
    const query = this.manager
      .getRepository(TimeEntryEntity)
      .createQueryBuilder('t')
      .where('t.project_id IN (:...ids)', { ids: projectIds })
      .orderBy('t.entry_date', 'ASC')
      .addOrderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC');
    if (filter.from !== null) query.andWhere('t.entry_date >= :from', { from: filter.from });
    if (filter.to !== null) query.andWhere('t.entry_date <= :to', { to: filter.to });
    if (filter.memberId !== null) query.andWhere('t.member_id = :memberId', { memberId: filter.memberId });
    return query.getMany();
  }
}
