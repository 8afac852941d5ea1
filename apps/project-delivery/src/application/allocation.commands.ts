import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '@platform/errors';
import { isUuid, minutesFromHours, requireRole, type Actor } from '@platform/domain-kit';
import { MAX_WEEKLY_MINUTES, dateOrder, isOpenForWork, optionalRole } from '../domain/rules';
import { AllocationEntity, type AllocationStatus } from '../entities/allocation.entity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf } from '../repositories';

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

/** Staffing: a member's hours per week on a project over a date range, and their lifecycle. */
export class AllocationCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /**
   * DELIVERY/ADMIN: an active member's hours per week on a PLANNED or ACTIVE project over a date
   * range, TENTATIVE or CONFIRMED (the default). A second allocation of the same member on the same
   * project over overlapping dates is refused (CONFLICT naming the one it overlaps): change or
   * release that one instead, so one (member, project, day) is always one allocation.
   */
  async allocate(actor: Actor, input: AllocateInput): Promise<TeamMemberEntity> {
    requireRole(actor, 'DELIVERY');
    const minutesPerWeek = minutesFromHours(input.hoursPerWeek, 'input.hoursPerWeek');
    if (minutesPerWeek > MAX_WEEKLY_MINUTES)
      throw badInput('input.hoursPerWeek', 'a week has at most 168 hours');
    dateOrder(input.from, input.to, 'input.to', 'from date');
    const status = input.status ?? 'CONFIRMED';
    if (status === 'RELEASED')
      throw badInput('input.status', 'an allocation starts TENTATIVE or CONFIRMED; release it afterwards');
    const role = optionalRole(input.role, 'input.role');

    return this.dataSource.transaction(async (manager) => {
      const { team, projects, engagements } = repositoriesOf(manager);
      const member = await team.lockMember(input.memberId);
      if (!member) throw notFound('TeamMember', input.memberId, 'input.memberId');
      if (!member.active) throw badInput('input.memberId', 'the team member is not active');
      const project = await projects.share(input.projectId);
      if (!project) throw notFound('Project', input.projectId, 'input.projectId');
      if (!isOpenForWork(project.status))
        throw badInput('input.projectId', `the project is ${project.status}`);
      const engagement = await engagements.find(project.engagementId);
      if (engagement?.status === 'CLOSED') throw badInput('input.projectId', 'the engagement is closed');

      // Under the member lock: two concurrent allocations of one member cannot both pass.
      const overlapping = await team.overlappingAllocation(member.id, project.id, input.from, input.to);
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
      await team.insertAllocation(allocation);
      await this.publish(manager, allocation, project.engagementId);
      return member;
    });
  }

  /** DELIVERY/ADMIN: TENTATIVE → CONFIRMED (CONFLICT from any other status). */
  async confirmAllocation(actor: Actor, id: string): Promise<AllocationEntity> {
    return this.move(actor, id, ['TENTATIVE'], 'CONFIRMED');
  }

  /** DELIVERY/ADMIN: TENTATIVE or CONFIRMED → RELEASED; its hours are no longer booked. */
  async releaseAllocation(actor: Actor, id: string): Promise<AllocationEntity> {
    return this.move(actor, id, ['TENTATIVE', 'CONFIRMED'], 'RELEASED');
  }

  private async move(
    actor: Actor,
    id: string,
    from: readonly AllocationStatus[],
    to: AllocationStatus,
  ): Promise<AllocationEntity> {
    requireRole(actor, 'DELIVERY');
    if (!isUuid(id)) throw notFound('Allocation', id, 'id');
    return this.dataSource.transaction(async (manager) => {
      const { team, projects } = repositoriesOf(manager);
      const found = await team.findAllocation(id);
      if (!found) throw notFound('Allocation', id, 'id');
      // The member lock orders this change with allocate() and time off of the same member.
      await team.lockMember(found.memberId);
      const allocation = await team.lockAllocation(id);
      if (!from.includes(allocation.status)) {
        throw conflict(`the allocation is ${allocation.status}; only ${from.join(' or ')} can become ${to}`);
      }
      allocation.status = to;
      allocation.updatedAt = new Date();
      await team.updateAllocationStatus(id, allocation.status, allocation.updatedAt);
      const project = await projects.share(allocation.projectId);
      if (!project) throw notFound('Project', allocation.projectId);
      await this.publish(manager, allocation, project.engagementId);
      return allocation;
    });
  }

  /**
   * AllocationPlanned carries the whole state for the forecast; AllocationChanged (v1) stays for
   * its existing consumers (owner suggestions), a released allocation showing there as 0 h/week.
   */
  private async publish(manager: EntityManager, allocation: AllocationEntity, engagementId: string) {
    await this.events.allocationPlanned(manager, allocation, engagementId);
    await this.events.allocationChanged(manager, allocation, engagementId);
  }
}
