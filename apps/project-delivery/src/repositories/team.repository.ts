import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { AllocationEntity, type AllocationStatus } from '../entities/allocation.entity';
import { TeamMemberEntity } from '../entities/team-member.entity';
import { TimeOffEntity } from '../entities/time-off.entity';

/** Team members, their allocations and time off, inside the caller's transaction. */
export class TeamRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Reads a member and holds its row lock until the transaction ends (null when absent). The
   * member row lock is the serialisation point for everything summed per member (minutes per
   * day, allocations, time off): two concurrent writes for one member queue here.
   */
  lockMember(id: string): Promise<TeamMemberEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(TeamMemberEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Emails are unique regardless of case. */
  emailTaken(email: string): Promise<boolean> {
    return this.manager
      .getRepository(TeamMemberEntity)
      .createQueryBuilder('m')
      .where('lower(m.email) = lower(:email)', { email })
      .getExists();
  }

  async insertMember(member: TeamMemberEntity): Promise<void> {
    await this.manager.getRepository(TeamMemberEntity).insert(member);
  }

  async saveMember(member: TeamMemberEntity): Promise<void> {
    await this.manager.getRepository(TeamMemberEntity).save(member);
  }

  findAllocation(id: string): Promise<AllocationEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.getRepository(AllocationEntity).findOne({ where: { id } });
  }

  lockAllocation(id: string): Promise<AllocationEntity> {
    return this.manager
      .getRepository(AllocationEntity)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The member's first allocation on the project (not released) overlapping [from, to]. */
  overlappingAllocation(
    memberId: string,
    projectId: string,
    from: string,
    to: string,
  ): Promise<AllocationEntity | null> {
    return this.manager
      .getRepository(AllocationEntity)
      .createQueryBuilder('a')
      .where('a.member_id = :memberId AND a.project_id = :projectId', { memberId, projectId })
      .andWhere(`a.status <> 'RELEASED' AND a.from_date <= :to AND a.to_date >= :from`, { from, to })
      .orderBy('a.from_date')
      .getOne();
  }

  async insertAllocation(allocation: AllocationEntity): Promise<void> {
    await this.manager.getRepository(AllocationEntity).insert(allocation);
  }

  async updateAllocationStatus(id: string, status: AllocationStatus, updatedAt: Date): Promise<void> {
    await this.manager.getRepository(AllocationEntity).update({ id }, { status, updatedAt });
  }

  findTimeOff(id: string): Promise<TimeOffEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.getRepository(TimeOffEntity).findOne({ where: { id } });
  }

  lockTimeOff(id: string): Promise<TimeOffEntity> {
    return this.manager
      .getRepository(TimeOffEntity)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The member's first time off (not cancelled) overlapping [from, to]. */
  overlappingTimeOff(memberId: string, from: string, to: string): Promise<TimeOffEntity | null> {
    return this.manager
      .getRepository(TimeOffEntity)
      .createQueryBuilder('t')
      .where('t.member_id = :memberId AND t.cancelled_at IS NULL', { memberId })
      .andWhere('t.from_date <= :to AND t.to_date >= :from', { from, to })
      .orderBy('t.from_date')
      .getOne();
  }

  async insertTimeOff(timeOff: TimeOffEntity): Promise<void> {
    await this.manager.getRepository(TimeOffEntity).insert(timeOff);
  }

  async cancelTimeOff(id: string, cancelledAt: Date): Promise<void> {
    await this.manager.getRepository(TimeOffEntity).update({ id }, { cancelledAt });
  }
}
