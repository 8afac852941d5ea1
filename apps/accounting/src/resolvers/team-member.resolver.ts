import { forbidden } from '@platform/errors';
import { canSeeFinancials } from '@platform/graphql-kit';
import type { AccountingContext } from '../context';
import { rateOutput } from './output';

export const teamMemberResolvers = {
  TeamMember: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    rates: async (member: { id: string }, _args: unknown, ctx: AccountingContext) => {
      if (!canSeeFinancials(ctx.identity))
        throw forbidden('Rate cards are visible to FINANCE and ADMIN only');
      const rates = await ctx.loaders.ratesByMember.load(member.id.toLowerCase());
      return rates.map(rateOutput);
    },
  },
};
