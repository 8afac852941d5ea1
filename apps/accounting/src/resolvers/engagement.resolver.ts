import { forbidden } from '@platform/errors';
import { canSeeFinancials } from '@platform/graphql-kit';
import type { AccountingContext } from '../context';
import { financialsOutput } from './output';

export const engagementResolvers = {
  Engagement: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    /** Null while accounting has not seen the engagement open. */
    financials: async (engagement: { id: string }, _args: unknown, ctx: AccountingContext) => {
      if (!canSeeFinancials(ctx.identity))
        throw forbidden('Financials are visible to FINANCE and ADMIN only');
      const figures = await ctx.loaders.financialsByEngagement.load(engagement.id.toLowerCase());
      return figures ? financialsOutput(figures) : null;
    },
  },
};
