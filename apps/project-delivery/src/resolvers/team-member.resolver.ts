import { hoursFromMinutes, loadedNonNull } from '@platform/graphql-kit';
import { allocate } from '../domain/allocation.service';
import { assertRange, computeCapacity, requireCapacityReader, type Capacity } from '../domain/capacity';
import { createTeamMember, updateTeamMember } from '../domain/team.service';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import type { Resolvers } from '../generated/resolvers';
import { findTeamMembers } from '../loaders/member.loader';

/** What TeamMember.capacity returns (the MemberCapacity mapper): the member and its load over the range. */
export interface MemberCapacityResult extends Capacity {
  member: TeamMemberEntity;
}

export const teamMemberResolvers: Pick<Resolvers, 'Query' | 'Mutation' | 'TeamMember' | 'Allocation'> = {
  Query: {
    me: (_, __, ctx) => ctx.loaders.member.load(ctx.identity.sub),
    teamMembers: async (_, args, ctx) => {
      // The schema defaults activeOnly to true, but a client may still send an explicit null.
      const members = await findTeamMembers(ctx.reads, args.activeOnly ?? true);
      for (const member of members) ctx.loaders.member.prime(member.id, member);
      return members;
    },
    teamMember: (_, args, ctx) => ctx.loaders.member.load(args.id),
  },
  Mutation: {
    createTeamMember: (_, args, ctx) => createTeamMember(ctx.ports, ctx.identity, args.input),
    updateTeamMember: (_, args, ctx) => updateTeamMember(ctx.ports, ctx.identity, args.input),
    allocate: (_, args, ctx) => allocate(ctx.ports, ctx.identity, args.input),
  },
  TeamMember: {
    __resolveReference: (ref, ctx) => ctx.loaders.member.load(ref.id),
    weeklyCapacityHours: (member) => hoursFromMinutes(member.weeklyCapacityMinutes),
    capacity: async (member, args, ctx) => {
      requireCapacityReader(ctx.identity, member.id);
      assertRange(args.from, args.to);
      const facts = await ctx.loaders.capacityFacts.load({
        memberId: member.id,
        from: args.from,
        to: args.to,
      });
      return {
        member,
        ...computeCapacity({
          from: args.from,
          to: args.to,
          weeklyCapacityMinutes: member.weeklyCapacityMinutes,
          allocations: facts.allocations.map((a) => ({
            minutesPerWeek: a.minutesPerWeek,
            from: a.fromDate,
            to: a.toDate,
          })),
          loggedMinutes: facts.loggedMinutes,
        }),
      };
    },
    allocations: (member, _, ctx) => ctx.loaders.allocationsByMember.load(member.id),
  },
  Allocation: {
    member: (allocation, _, ctx, info) => loadedNonNull(ctx.loaders.member.load(allocation.memberId), info),
    project: (allocation, _, ctx, info) =>
      loadedNonNull(ctx.loaders.project.load(allocation.projectId), info),
    hoursPerWeek: (allocation) => hoursFromMinutes(allocation.minutesPerWeek),
    from: (allocation) => allocation.fromDate,
    to: (allocation) => allocation.toDate,
  },
};
