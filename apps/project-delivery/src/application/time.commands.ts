import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { hasRole, todayUtc, type Actor } from '@platform/domain-kit';
import { dayTotalWithin, entryMinutes, isOpenForWork, notInFuture, optionalNote } from '../domain/rules';
import type { ProjectEntity } from '../entities/project.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf, type DeliveryRepositories } from '../repositories';

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
async function closedForTime(repos: DeliveryRepositories, project: ProjectEntity): Promise<string | null> {
  if (!isOpenForWork(project.status)) return `the project is ${project.status}`;
  const engagement = await repos.engagements.find(project.engagementId);
  return engagement?.status === 'CLOSED' ? 'the engagement is closed' : null;
}

/**
 * Locks the entry's member (the per-day serialisation point) and then the entry, checking
 * who may change it and that its project still takes time.
 */
async function lockEntryForChange(
  repos: DeliveryRepositories,
  actor: Actor,
  entryId: string,
): Promise<{ entry: TimeEntryEntity; project: ProjectEntity }> {
  const seen = await repos.time.find(entryId);
  if (!seen) throw notFound('TimeEntry', entryId, 'id');
  assertMayWriteTimeOf(actor, seen.memberId);
  await repos.team.lockMember(seen.memberId);
  const entry = await repos.time.lock(entryId);
  if (!entry) throw notFound('TimeEntry', entryId, 'id');
  const project = await repos.projects.share(entry.projectId);
  if (!project) throw new Error(`project ${entry.projectId} of time entry ${entry.id} is missing`);
  const closed = await closedForTime(repos, project);
  if (closed) throw conflict(`time on this project can no longer change: ${closed}`);
  return { entry, project };
}

/** Time entries: logged, corrected and deleted by their member or by DELIVERY/ADMIN. */
export class TimeCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /**
   * Logs time: 1–1440 whole minutes, at most 1440 per member-day in total, never after today
   * (UTC), on a PLANNED/ACTIVE project of an open engagement, by an active member.
   */
  async logTime(actor: Actor, input: LogTimeInput): Promise<TimeEntryEntity> {
    assertMayWriteTimeOf(actor, input.memberId);
    const minutes = entryMinutes(input.minutes, 'input.minutes');
    notInFuture(input.date, todayUtc(), 'input.date');
    const note = optionalNote(input.note, 'input.note');

    return this.dataSource.transaction(async (manager) => {
      const repos = repositoriesOf(manager);
      const member = await repos.team.lockMember(input.memberId);
      if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
      if (!member.active) throw badInput('input.memberId', 'the team member is not active');
      const project = await repos.projects.share(input.projectId);
      if (!project) throw notFound('Project', input.projectId, 'input.projectId');
      const closed = await closedForTime(repos, project);
      if (closed) throw badInput('input.projectId', closed);
      dayTotalWithin(await repos.time.minutesOnDay(member.id, input.date), minutes, 'input.minutes');

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
      await repos.time.insert(entry);
      const role = await repos.time.roleWorkedUnder(member.id, project.id, entry.date);
      await this.events.timeLogged(manager, entry, project.engagementId, role, now);
      return entry;
    });
  }

  /** The entry's owner or DELIVERY/ADMIN; the same limits as logging (1–1440, ≤ 1440 per member-day). */
  async correctTimeEntry(
    actor: Actor,
    input: { id: string; minutes: number; billable: boolean },
  ): Promise<TimeEntryEntity> {
    const minutes = entryMinutes(input.minutes, 'minutes');
    return this.dataSource.transaction(async (manager) => {
      const repos = repositoriesOf(manager);
      const { entry, project } = await lockEntryForChange(repos, actor, input.id);
      dayTotalWithin(await repos.time.minutesOnDay(entry.memberId, entry.date, entry.id), minutes, 'minutes');
      const now = new Date();
      Object.assign(entry, { minutes, billable: input.billable, updatedAt: now });
      await repos.time.save(entry);
      const role = await repos.time.roleWorkedUnder(entry.memberId, project.id, entry.date);
      await this.events.timeEntryCorrected(manager, entry, project.engagementId, role, now);
      return entry;
    });
  }

  /** The entry's owner or DELIVERY/ADMIN. */
  async deleteTimeEntry(actor: Actor, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const repos = repositoriesOf(manager);
      const { entry, project } = await lockEntryForChange(repos, actor, id);
      await repos.time.delete(entry.id);
      await this.events.timeEntryDeleted(manager, entry, project.engagementId, new Date());
      return true;
    });
  }
}
