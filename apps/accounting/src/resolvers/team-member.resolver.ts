import type { Resolvers } from '../generated/resolvers';
import { forbidden } from '@platform/errors';
import { canSeeFinancials } from '@platform/graphql-kit';
import { rateOutput } from './output';

export const teamMemberResolvers: Pick<Resolvers, 'TeamMember'> = {
  TeamMember: {
    __resolveReference: (ref) => ({ id: ref.id }),
    rates: async (member, _args, ctx) => {
      if (!canSeeFinancials(ctx.identity))
        throw forbidden('Rate cards are visible to FINANCE and ADMIN only');
      const rates = await ctx.loaders.ratesByMember.load(member.id.toLowerCase());
      return rates.map(rateOutput);
    },
  },
};
