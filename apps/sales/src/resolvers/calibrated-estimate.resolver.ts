import { hoursFromMinutes } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';
import { costVisible, moneyOutput } from './cost-visibility';

export const calibratedEstimateResolvers: Pick<Resolvers, 'CalibratedEstimate'> = {
  CalibratedEstimate: {
    totalHours: (view) => hoursFromMinutes(view.figures.totalMinutes),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(view.figures.cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(view.figures.margin);
    },
    marginPercent: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return view.figures.marginPercent;
    },
  },
};
