import type { Resolvers } from '../generated/resolvers';
import { actorOf } from '@platform/graphql-kit';
import { roleRateOutput } from './output';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    setMemberRate: async (_root, args, ctx) => {
      const rate = await ctx.commands.setMemberRate(actorOf(ctx.identity), args.input);
      return { __typename: 'TeamMember', id: rate.memberId };
    },
    setRoleRate: async (_root, args, ctx) =>
      roleRateOutput(await ctx.commands.setRoleRate(actorOf(ctx.identity), args.input, new Date())),
  },
};
