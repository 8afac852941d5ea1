import { hoursFromMinutes } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';
import { costVisible, moneyOutput } from './cost-visibility';

export const suggestedLineResolvers: Pick<Resolvers, 'SuggestedLine'> = {
  SuggestedLine: {
    role: (view) => view.line.role,
    hours: (view) => hoursFromMinutes(view.line.minutes),
    costRate: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(view.line.costRate);
    },
  },
};
