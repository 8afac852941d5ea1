import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@platform/errors';
import { minutesFromHours, requireRole, type Actor } from '@platform/domain-kit';
import type { Outbox } from '@platform/messaging';
import { AllocationEntity, type AllocationStatus } from '../entities/allocation.entity';
import { EngagementEntity } from '../entities/engagement.entity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import { isUuid } from './ids';
import type { DeliveryPorts } from './ports';
import { findById, lockMember, shareProject } from './repository';
import { MAX_WEEKLY_MINUTES, dateOrder, isOpenForWork, optionalRole } from './rules';

export interface AllocateInput {
  memberId: string;
  projectId: string;
  hoursPerWeek: number;
  from: string;
  to: string;
  status?: AllocationStatus | null;
  /** The role worked under on this project in the range; absent: the member's primary role. */
  role?: string | null;
}

/**
 * DELIVERY/ADMIN: an active member's hours per week on a PLANNED or ACTIVE project over a date
 * range, TENTATIVE or CONFIRMED (the default). A second allocation of the same member on the same
 * project over overlapping dates is refused (CONFLICT naming the one it overlaps): change or
 * release that one instead, so one (member, project, day) is always one allocation.
 */
export async function allocate(
  ports: DeliveryPorts,
  actor: Actor,
  input: AllocateInput,
): Promise<TeamMemberEntity> {
  requireRole(actor, 'DELIVERY');
  const minutesPerWeek = minutesFromHours(input.hoursPerWeek, 'input.hoursPerWeek');
  if (minutesPerWeek > MAX_WEEKLY_MINUTES)
    throw badInput('input.hoursPerWeek', 'a week has at most 168 hours');
  dateOrder(input.from, input.to, 'input.to', 'from date');
  const status = input.status ?? 'CONFIRMED';
  if (status === 'RELEASED')
    throw badInput('input.status', 'an allocation starts TENTATIVE or CONFIRMED; release it afterwards');
  const role = optionalRole(input.role, 'input.role');

  return ports.dataSource.transaction(async (manager) => {
    const member = await lockMember(manager, input.memberId);
    if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
    if (!member.active) throw badInput('input.memberId', 'the team member is not active');
    const project = await shareProject(manager, input.projectId);
    if (!project) throw notFound('Project', input.projectId, 'input.projectId');
    if (!isOpenForWork(project.status)) throw badInput('input.projectId', `the project is ${project.status}`);
    const engagement = await findById(manager, EngagementEntity, project.engagementId);
    if (engagement?.status === 'CLOSED') throw badInput('input.projectId', 'the engagement is closed');

    // Under the member lock: two concurrent allocations of one member cannot both pass.
    const overlapping = await manager
      .getRepository(AllocationEntity)
      .createQueryBuilder('a')
      .where('a.member_id = :memberId AND a.project_id = :projectId', {
        memberId: member.id,
        projectId: project.id,
      })
      .andWhere(`a.status <> 'RELEASED' AND a.from_date <= :to AND a.to_date >= :from`, {
        from: input.from,
        to: input.to,
      })
      .orderBy('a.from_date')
      .getOne();
    if (overlapping) {
      throw conflict(
        `the member is already allocated to this project from ${overlapping.fromDate} to ${overlapping.toDate} ` +
          `(allocation ${overlapping.id}); release it or choose dates that do not overlap`,
      );
    }

    const now = new Date();
    const allocation = Object.assign(new AllocationEntity(), {
      id: randomUUID(),
      memberId: member.id,
      projectId: project.id,
      minutesPerWeek,
      fromDate: input.from,
      toDate: input.to,
      status,
      role,
      createdAt: now,
      updatedAt: now,
    } satisfies AllocationEntity);
    await manager.getRepository(AllocationEntity).insert(allocation);
    await publishAllocation(manager, ports.outbox, allocation, project.engagementId);
    return member;
  });
}

/** DELIVERY/ADMIN: TENTATIVE → CONFIRMED (CONFLICT from any other status). */
export const confirmAllocation = (ports: DeliveryPorts, actor: Actor, id: string) =>
  moveAllocation(ports, actor, id, ['TENTATIVE'], 'CONFIRMED');

/** DELIVERY/ADMIN: TENTATIVE or CONFIRMED → RELEASED; its hours are no longer booked. */
export const releaseAllocation = (ports: DeliveryPorts, actor: Actor, id: string) =>
  moveAllocation(ports, actor, id, ['TENTATIVE', 'CONFIRMED'], 'RELEASED');

async function moveAllocation(
  ports: DeliveryPorts,
  actor: Actor,
  id: string,
  from: readonly AllocationStatus[],
  to: AllocationStatus,
): Promise<AllocationEntity> {
  requireRole(actor, 'DELIVERY');
  if (!isUuid(id)) throw notFound('Allocation', id, 'id');
  return ports.dataSource.transaction(async (manager) => {
    const found = await findById(manager, AllocationEntity, id);
    if (!found) throw notFound('Allocation', id, 'id');
    // The member lock orders this change with allocate() and time off of the same member.
    await lockMember(manager, found.memberId);
    const allocation = await manager
      .getRepository(AllocationEntity)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!from.includes(allocation.status)) {
      throw conflict(`the allocation is ${allocation.status}; only ${from.join(' or ')} can become ${to}`);
    }
    allocation.status = to;
    allocation.updatedAt = new Date();
    await manager
      .getRepository(AllocationEntity)
      .update({ id }, { status: allocation.status, updatedAt: allocation.updatedAt });
    const project = await shareProject(manager, allocation.projectId);
    if (!project) throw notFound('Project', allocation.projectId);
    await publishAllocation(manager, ports.outbox, allocation, project.engagementId);
    return allocation;
  });
}

/**
 * AllocationPlanned carries the whole state for the forecast; AllocationChanged (v1) stays for
 * its existing consumers (owner suggestions), a released allocation showing there as 0 h/week.
 */
async function publishAllocation(
  manager: EntityManager,
  outbox: Outbox,
  allocation: AllocationEntity,
  engagementId: string,
): Promise<void> {
  await outbox.publish(manager, 'AllocationPlanned', {
    allocationId: allocation.id,
    memberId: allocation.memberId,
    projectId: allocation.projectId,
    engagementId,
    minutesPerWeek: allocation.minutesPerWeek,
    from: allocation.fromDate,
    to: allocation.toDate,
    role: allocation.role,
    status: allocation.status,
    createdAt: allocation.createdAt.toISOString(),
    changedAt: allocation.updatedAt.toISOString(),
  });
  await outbox.publish(manager, 'AllocationChanged', {
    allocationId: allocation.id,
    memberId: allocation.memberId,
    projectId: allocation.projectId,
    engagementId,
    minutesPerWeek: allocation.status === 'RELEASED' ? 0 : allocation.minutesPerWeek,
    from: allocation.fromDate,
    to: allocation.toDate,
    role: allocation.role,
  });
}
