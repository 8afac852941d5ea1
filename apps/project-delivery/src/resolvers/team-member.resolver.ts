import { actorOf, hoursFromMinutes } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const teamMemberResolvers: Pick<Resolvers, 'TeamMember'> = {
  TeamMember: {
    __resolveReference: (ref, ctx) => ctx.loaders.member.load(ref.id),
    weeklyCapacityHours: (member) => hoursFromMinutes(member.weeklyCapacityMinutes),
    capacity: (member, args, ctx) =>
      ctx.queries.memberCapacity(actorOf(ctx.identity), member, args.from, args.to),
    allocations: (member, _, ctx) => ctx.loaders.allocationsByMember.load(member.id),
    timeOff: (member, _, ctx) => ctx.queries.timeOffOf(actorOf(ctx.identity), member.id),
  },
};
