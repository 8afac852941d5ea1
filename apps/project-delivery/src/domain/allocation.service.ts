import { randomUUID } from 'node:crypto';
import { badInput, notFound } from '@platform/errors';
import { minutesFromHours, requireRole, type Identity } from '@platform/graphql-kit';
import { AllocationEntity } from '../entities/allocation.entity';
import { EngagementEntity } from '../entities/engagement.entity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import type { DeliveryPorts } from './ports';
import { findById, lockMember, shareProject } from './repository';
import { MAX_WEEKLY_MINUTES, dateOrder, isOpenForWork, optionalRole } from './rules';

export interface AllocateInput {
  memberId: string;
  projectId: string;
  hoursPerWeek: number;
  from: string;
  to: string;
  /** The role worked under on this project in the range; absent: the member's primary role. */
  role?: string | null;
}

/** DELIVERY/ADMIN: an active member's hours per week on a PLANNED or ACTIVE project over a date range. */
export async function allocate(
  ports: DeliveryPorts,
  actor: Identity,
  input: AllocateInput,
): Promise<TeamMemberEntity> {
  requireRole(actor, 'DELIVERY');
  const minutesPerWeek = minutesFromHours(input.hoursPerWeek, 'input.hoursPerWeek');
  if (minutesPerWeek > MAX_WEEKLY_MINUTES)
    throw badInput('input.hoursPerWeek', 'a week has at most 168 hours');
  dateOrder(input.from, input.to, 'input.to', 'from date');
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

    const allocation = Object.assign(new AllocationEntity(), {
      id: randomUUID(),
      memberId: member.id,
      projectId: project.id,
      minutesPerWeek,
      fromDate: input.from,
      toDate: input.to,
      role,
      createdAt: new Date(),
    } satisfies AllocationEntity);
    await manager.getRepository(AllocationEntity).insert(allocation);
    await ports.outbox.publish(manager, 'AllocationChanged', {
      allocationId: allocation.id,
      memberId: member.id,
      projectId: project.id,
      engagementId: project.engagementId,
      minutesPerWeek,
      from: allocation.fromDate,
      to: allocation.toDate,
      role,
    });
    return member;
  });
}
