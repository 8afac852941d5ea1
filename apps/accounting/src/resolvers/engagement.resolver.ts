import { forbidden } from '@platform/errors';
import { canSeeFinancials, requireRole } from '@platform/graphql-kit';
import { financialsOutput, roleAccuracyOutput } from './output';
import type { Resolvers } from '../generated/resolvers';

export const engagementResolvers: Pick<Resolvers, 'Engagement'> = {
  Engagement: {
    __resolveReference: (ref) => ({ id: ref.id }),
    /** Null while accounting has not seen the engagement open. */
    financials: async (engagement, _args, ctx) => {
      if (!canSeeFinancials(ctx.identity))
        throw forbidden('Financials are visible to FINANCE and ADMIN only');
      const figures = await ctx.loaders.financialsByEngagement.load(engagement.id.toLowerCase());
      return figures ? financialsOutput(figures) : null;
    },
    /** Null until accounting has seen the engagement close. */
    estimateAccuracy: async (engagement, _args, ctx) => {
      requireRole(ctx.identity, 'FINANCE', 'DELIVERY');
      const actuals = await ctx.loaders.actualsByEngagement.load(engagement.id.toLowerCase());
      return actuals ? actuals.roles.map(roleAccuracyOutput) : null;
    },
  },
};
