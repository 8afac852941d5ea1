import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { hasRole, type Actor } from '@platform/domain-kit';
import { EngagementEntity } from '../entities/engagement.entity';
import type { ProjectEntity } from '../entities/project.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { todayUtc } from './dates';
import type { DeliveryPorts } from './ports';
import { findById, lockMember, lockTimeEntry, minutesOnDay, shareProject } from './repository';
import { dayTotalWithin, entryMinutes, isOpenForWork, notInFuture, optionalNote } from './rules';

export interface LogTimeInput {
  memberId: string;
  projectId: string;
  date: string;
  minutes: number;
  billable: boolean;
  note?: string | null;
}

/** A MEMBER logs and changes only their own time; DELIVERY (and ADMIN) anyone's. */
function assertMayWriteTimeOf(actor: Actor, memberId: string): void {
  if (actor.id !== memberId && !hasRole(actor, 'DELIVERY')) {
    throw forbidden('you can log and change only your own time');
  }
}

/** Why a project takes no time, or null when it does: it must be PLANNED/ACTIVE in an open engagement. */
async function closedForTime(manager: EntityManager, project: ProjectEntity): Promise<string | null> {
  if (!isOpenForWork(project.status)) return `the project is ${project.status}`;
  const engagement = await findById(manager, EngagementEntity, project.engagementId);
  return engagement?.status === 'CLOSED' ? 'the engagement is closed' : null;
}

/**
 * Logs time: 1–1440 whole minutes, at most 1440 per member-day in total, never after today
 * (UTC), on a PLANNED/ACTIVE project of an open engagement, by an active member.
 */
export async function logTime(
  ports: DeliveryPorts,
  actor: Actor,
  input: LogTimeInput,
): Promise<TimeEntryEntity> {
  assertMayWriteTimeOf(actor, input.memberId);
  const minutes = entryMinutes(input.minutes, 'input.minutes');
  notInFuture(input.date, todayUtc(), 'input.date');
  const note = optionalNote(input.note, 'input.note');

  return ports.dataSource.transaction(async (manager) => {
    const member = await lockMember(manager, input.memberId);
    if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
    if (!member.active) throw badInput('input.memberId', 'the team member is not active');
    const project = await shareProject(manager, input.projectId);
    if (!project) throw notFound('Project', input.projectId, 'input.projectId');
    const closed = await closedForTime(manager, project);
    if (closed) throw badInput('input.projectId', closed);
    dayTotalWithin(await minutesOnDay(manager, member.id, input.date), minutes, 'input.minutes');

    const now = new Date();
    const entry = Object.assign(new TimeEntryEntity(), {
      id: randomUUID(),
      memberId: member.id,
      projectId: project.id,
      date: input.date,
      minutes,
      billable: input.billable,
      note,
      createdAt: now,
      updatedAt: now,
    } satisfies TimeEntryEntity);
    await manager.getRepository(TimeEntryEntity).insert(entry);
    await ports.outbox.publish(manager, 'TimeLogged', {
      entryId: entry.id,
      engagementId: project.engagementId,
      projectId: project.id,
      memberId: member.id,
      date: entry.date,
      minutes,
      billable: entry.billable,
      role: await roleWorkedUnder(manager, member.id, project.id, entry.date),
      loggedAt: now.toISOString(),
    });
    return entry;
  });
}

/**
 * Locks the entry's member (the per-day serialisation point) and then the entry, checking
 * who may change it and that its project still takes time.
 */
async function lockEntryForChange(
  manager: EntityManager,
  actor: Actor,
  entryId: string,
): Promise<{ entry: TimeEntryEntity; project: ProjectEntity }> {
  const seen = await findById(manager, TimeEntryEntity, entryId);
  if (!seen) throw notFound('TimeEntry', entryId, 'id');
  assertMayWriteTimeOf(actor, seen.memberId);
  await lockMember(manager, seen.memberId);
  const entry = await lockTimeEntry(manager, entryId);
  if (!entry) throw notFound('TimeEntry', entryId, 'id');
  const project = await shareProject(manager, entry.projectId);
  if (!project) throw new Error(`project ${entry.projectId} of time entry ${entry.id} is missing`);
  const closed = await closedForTime(manager, project);
  if (closed) throw conflict(`time on this project can no longer change: ${closed}`);
  return { entry, project };
}

/** The entry's owner or DELIVERY/ADMIN; the same limits as logging (1–1440, ≤ 1440 per member-day). */
export async function correctTimeEntry(
  ports: DeliveryPorts,
  actor: Actor,
  input: { id: string; minutes: number; billable: boolean },
): Promise<TimeEntryEntity> {
  const minutes = entryMinutes(input.minutes, 'minutes');
  return ports.dataSource.transaction(async (manager) => {
    const { entry, project } = await lockEntryForChange(manager, actor, input.id);
    dayTotalWithin(await minutesOnDay(manager, entry.memberId, entry.date, entry.id), minutes, 'minutes');
    const now = new Date();
    Object.assign(entry, { minutes, billable: input.billable, updatedAt: now });
    await manager.getRepository(TimeEntryEntity).save(entry);
    await ports.outbox.publish(manager, 'TimeEntryCorrected', {
      entryId: entry.id,
      engagementId: project.engagementId,
      projectId: project.id,
      memberId: entry.memberId,
      date: entry.date,
      minutes: entry.minutes,
      billable: entry.billable,
      role: await roleWorkedUnder(manager, entry.memberId, project.id, entry.date),
      correctedAt: now.toISOString(),
    });
    return entry;
  });
}

/** The entry's owner or DELIVERY/ADMIN. */
export async function deleteTimeEntry(ports: DeliveryPorts, actor: Actor, id: string): Promise<boolean> {
  return ports.dataSource.transaction(async (manager) => {
    const { entry, project } = await lockEntryForChange(manager, actor, id);
    await manager.getRepository(TimeEntryEntity).delete(entry.id);
    await ports.outbox.publish(manager, 'TimeEntryDeleted', {
      entryId: entry.id,
      engagementId: project.engagementId,
      projectId: project.id,
      memberId: entry.memberId,
      date: entry.date,
      deletedAt: new Date().toISOString(),
    });
    return true;
  });
}

/**
 * The role an entry was worked under (ARCHITECTURE.md, "Rate cards and honest estimates"): the
 * role of the member's allocation on that project covering the date (the latest one set), else
 * the member's primary role; null when neither names one.
 */
async function roleWorkedUnder(
  manager: EntityManager,
  memberId: string,
  projectId: string,
  date: string,
): Promise<string | null> {
  const [row] = (await manager.query(
    `SELECT coalesce(
       (SELECT a.role FROM allocation a
         WHERE a.member_id = $1 AND a.project_id = $2 AND a.from_date <= $3 AND a.to_date >= $3 AND a.role IS NOT NULL
         ORDER BY a.created_at DESC, a.id DESC LIMIT 1),
       (SELECT m.primary_role FROM team_member m WHERE m.id = $1)) AS role`,
    [memberId, projectId, date],
  )) as Array<{ role: string | null }>;
  return row?.role ?? null;
}
