import type { Resolvers } from '../generated/resolvers';
import { actorOf } from '@platform/graphql-kit';
import { rateOutput } from './output';

export const teamMemberResolvers: Pick<Resolvers, 'TeamMember'> = {
  TeamMember: {
    __resolveReference: (ref) => ({ id: ref.id }),
    rates: async (member, _args, ctx) => {
      const rates = await ctx.queries.memberRates(actorOf(ctx.identity), member.id);
      return rates.map(rateOutput);
    },
  },
};
