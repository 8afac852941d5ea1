import { hoursFromMinutes } from '@platform/graphql-kit';
import { estimateFigures } from '../domain/estimate';
import type { Resolvers } from '../generated/resolvers';
import { costVisible, moneyOutput } from './cost-visibility';
import type { DeliveryEstimateView } from './estimate-view';

const counterFigures = (view: DeliveryEstimateView) =>
  estimateFigures({ currency: view.price.currency, lines: view.lines, price: view.price });

export const deliveryEstimateResolvers: Pick<Resolvers, 'DeliveryEstimate'> = {
  DeliveryEstimate: {
    reviewer: (view) => ({ __typename: 'TeamMember', id: view.review.reviewerId }),
    at: (view) => view.review.at,
    estimateRevision: (view) => view.review.estimateRevision,
    lines: (view) => view.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view) => hoursFromMinutes(counterFigures(view).totalMinutes),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(counterFigures(view).cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(counterFigures(view).margin);
    },
    marginPercent: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return counterFigures(view).marginPercent;
    },
  },
};
