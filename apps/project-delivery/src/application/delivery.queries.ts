import { forbidden } from '@platform/errors';
import { hasRole, type Actor } from '@platform/domain-kit';
import { assertRange, computeCapacity, requireCapacityReader, type Capacity } from '../domain/capacity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import type { TimeEntryEntity } from '../entities/time-entry.entity';
import type { TimeOffEntity } from '../entities/time-off.entity';
import type { DeliveryLoaders } from '../loaders';
import type { DeliveryReads } from '../repositories/delivery-reads.repository';

/** What TeamMember.capacity returns (the MemberCapacity mapper): the member and its load over the range. */
export interface MemberCapacityResult extends Capacity {
  member: TeamMemberEntity;
}

/**
 * Read-side use cases that are more than one DataLoader lookup: who may read, and what is
 * computed from the rows. Built per request on the request's snapshot and loaders.
 */
export class DeliveryQueries {
  constructor(
    private readonly reads: DeliveryReads,
    private readonly loaders: DeliveryLoaders,
  ) {}

  /** The team list by name; each member is primed into the member loader. */
  async teamMembers(activeOnly: boolean): Promise<TeamMemberEntity[]> {
    const members = await this.reads.teamMembers(activeOnly);
    for (const member of members) this.loaders.member.prime(member.id, member);
    return members;
  }

  /** A member's load over [from, to]: the member, DELIVERY, FINANCE and ADMIN may read it. */
  async memberCapacity(
    actor: Actor,
    member: TeamMemberEntity,
    from: string,
    to: string,
  ): Promise<MemberCapacityResult> {
    requireCapacityReader(actor, member.id);
    assertRange(from, to);
    const facts = await this.loaders.capacityFacts.load({ memberId: member.id, from, to });
    return {
      member,
      ...computeCapacity({
        from,
        to,
        weeklyCapacityMinutes: member.weeklyCapacityMinutes,
        allocations: facts.allocations.map((a) => ({
          id: a.id,
          minutesPerWeek: a.minutesPerWeek,
          from: a.fromDate,
          to: a.toDate,
          status: a.status === 'TENTATIVE' ? 'TENTATIVE' : 'CONFIRMED',
          createdAt: a.createdAt.toISOString(),
        })),
        timeOff: facts.timeOff.map((t) => ({
          minutesPerDay: t.minutesPerDay,
          from: t.fromDate,
          to: t.toDate,
        })),
        loggedMinutes: facts.loggedMinutes,
      }),
    };
  }

  /** Only the member themself and DELIVERY (and ADMIN) see a member's time off. */
  async timeOffOf(actor: Actor, memberId: string): Promise<TimeOffEntity[]> {
    if (memberId !== actor.id && !hasRole(actor, 'DELIVERY'))
      throw forbidden('only the member themself and DELIVERY see time off');
    return this.loaders.timeOffByMember.load(memberId);
  }

  /** A project's time entries, optionally in [from, to]; a MEMBER reads only their own, delivery, finance and admins everyone's. */
  async projectTimeEntries(
    actor: Actor,
    projectId: string,
    from: string | null,
    to: string | null,
  ): Promise<TimeEntryEntity[]> {
    if (from && to) assertRange(from, to);
    const everyone = hasRole(actor, 'DELIVERY', 'FINANCE');
    return this.loaders.timeEntries.load({ projectId, from, to, memberId: everyone ? null : actor.id });
  }
}
