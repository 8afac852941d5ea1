import { actorOf } from '@platform/graphql-kit';
import { financialsOutput, roleAccuracyOutput } from './output';
import type { Resolvers } from '../generated/resolvers';

export const engagementResolvers: Pick<Resolvers, 'Engagement'> = {
  Engagement: {
    __resolveReference: (ref) => ({ id: ref.id }),
    /** Null while accounting has not seen the engagement open. */
    financials: async (engagement, _args, ctx) => {
      const figures = await ctx.queries.financials(actorOf(ctx.identity), engagement.id);
      return figures ? financialsOutput(figures) : null;
    },
    /** Null until accounting has seen the engagement close. */
    estimateAccuracy: async (engagement, _args, ctx) => {
      const actuals = await ctx.queries.engagementActuals(actorOf(ctx.identity), engagement.id);
      return actuals ? actuals.roles.map(roleAccuracyOutput) : null;
    },
  },
};
