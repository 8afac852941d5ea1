import { hoursFromMinutes } from '@platform/graphql-kit';
import type { DeliveryContext } from '../context';
import { allocate, type AllocateInput } from '../domain/allocation.service';
import { assertRange, computeCapacity } from '../domain/capacity';
import {
  createTeamMember,
  updateTeamMember,
  type CreateTeamMemberInput,
  type UpdateTeamMemberInput,
} from '../domain/team.service';
import type { AllocationEntity } from '../entities/allocation.entity';
import type { TeamMemberEntity } from '../entities/team-member.entity';
import { findTeamMembers } from '../loaders/member.loader';

type Ctx = DeliveryContext;

export const teamMemberResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Ctx) => ctx.loaders.member.load(ctx.identity.sub),
    teamMembers: async (_: unknown, args: { activeOnly?: boolean | null }, ctx: Ctx) => {
      const members = await findTeamMembers(ctx.ports.dataSource, args.activeOnly ?? true);
      for (const member of members) ctx.loaders.member.prime(member.id, member);
      return members;
    },
    teamMember: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.member.load(args.id),
  },
  Mutation: {
    createTeamMember: (_: unknown, args: { input: CreateTeamMemberInput }, ctx: Ctx) =>
      createTeamMember(ctx.ports, ctx.identity, args.input),
    updateTeamMember: (_: unknown, args: { input: UpdateTeamMemberInput }, ctx: Ctx) =>
      updateTeamMember(ctx.ports, ctx.identity, args.input),
    allocate: (_: unknown, args: { input: AllocateInput }, ctx: Ctx) =>
      allocate(ctx.ports, ctx.identity, args.input),
  },
  TeamMember: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.member.load(ref.id),
    weeklyCapacityHours: (member: TeamMemberEntity) => hoursFromMinutes(member.weeklyCapacityMinutes),
    capacity: async (member: TeamMemberEntity, args: { from: string; to: string }, ctx: Ctx) => {
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
    allocations: (member: TeamMemberEntity, _: unknown, ctx: Ctx) =>
      ctx.loaders.allocationsByMember.load(member.id),
  },
  Allocation: {
    member: (allocation: AllocationEntity, _: unknown, ctx: Ctx) =>
      ctx.loaders.member.load(allocation.memberId),
    project: (allocation: AllocationEntity, _: unknown, ctx: Ctx) =>
      ctx.loaders.project.load(allocation.projectId),
    hoursPerWeek: (allocation: AllocationEntity) => hoursFromMinutes(allocation.minutesPerWeek),
    from: (allocation: AllocationEntity) => allocation.fromDate,
    to: (allocation: AllocationEntity) => allocation.toDate,
  },
};
