import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { EngagementEntity } from '../entities/engagement.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import { TeamMemberEntity } from '../entities/team-member.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { isUuid } from './ids';

/** Reads a row by id and holds its lock until the transaction ends (null when absent). */
async function lockById<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  if (!isUuid(id)) return null;
  return manager
    .getRepository(target)
    .findOne({ where: { id } as unknown as FindOptionsWhere<T>, lock: { mode: 'pessimistic_write' } });
}

/**
 * The member row lock is the serialisation point for everything summed per member (minutes
 * per day): two concurrent entries for one member-day queue here, so they cannot both pass.
 */
export const lockMember = (manager: EntityManager, id: string) => lockById(manager, TeamMemberEntity, id);
export const lockProject = (manager: EntityManager, id: string) => lockById(manager, ProjectEntity, id);
export const lockMilestone = (manager: EntityManager, id: string) => lockById(manager, MilestoneEntity, id);
export const lockTimeEntry = (manager: EntityManager, id: string) => lockById(manager, TimeEntryEntity, id);
/**
 * Reads a project under a share lock: time and allocations written against it cannot
 * interleave with a status change (complete, cancel) that would have refused them.
 */
export async function shareProject(manager: EntityManager, id: string): Promise<ProjectEntity | null> {
  if (!isUuid(id)) return null;
  return manager.getRepository(ProjectEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
}
/** Locked so project creation and change orders for one engagement take turns. */
export const lockEngagement = (manager: EntityManager, id: string) => lockById(manager, EngagementEntity, id);

export async function findById<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  if (!isUuid(id)) return null;
  return manager.getRepository(target).findOne({ where: { id } as unknown as FindOptionsWhere<T> });
}

/** Minutes a member has logged on a date, leaving out one entry (the one being corrected). */
export async function minutesOnDay(
  manager: EntityManager,
  memberId: string,
  date: string,
  exceptEntryId: string | null = null,
): Promise<number> {
  const query = manager
    .getRepository(TimeEntryEntity)
    .createQueryBuilder('t')
    .select('COALESCE(SUM(t.minutes), 0)::int', 'total')
    .where('t.member_id = :memberId AND t.entry_date = :date', { memberId, date });
  if (exceptEntryId !== null) query.andWhere('t.id <> :exceptEntryId', { exceptEntryId });
  const row = await query.getRawOne<{ total: number }>();
  return Number(row?.total ?? 0);
}
