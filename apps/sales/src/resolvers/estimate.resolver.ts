import { forbidden } from '@platform/errors';
import { hoursFromMinutes, type Identity } from '@platform/graphql-kit';
import { toMoneyOutput, type Money } from '@platform/money';
import { estimateFigures } from '../domain/estimate';
import { mayReadEstimateMargin } from '../domain/review-gate';
import type { Resolvers } from '../generated/resolvers';
import type { EstimateView } from './estimate-view';

/**
 * Cost figures are for the opportunity owner, DELIVERY, FINANCE and ADMIN (mayReadEstimateMargin,
 * the same rule signingBlockers follows). Anyone else gets null for the field with a FORBIDDEN
 * error beside it, and the rest of the estimate as usual.
 */
function costVisible(identity: Identity, ownerId: string): void {
  if (!mayReadEstimateMargin({ id: identity.sub, roles: identity.roles }, ownerId)) {
    throw forbidden(
      'Cost, cost rates and margin are visible to the opportunity owner, DELIVERY, FINANCE and ADMIN',
    );
  }
}

const figures = (view: EstimateView) => estimateFigures(view.estimate);
const output = (value: Money) => toMoneyOutput(value);

export const estimateResolvers: Pick<Resolvers, 'Estimate' | 'EstimateLine'> = {
  Estimate: {
    lines: (view) => view.estimate.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view) => hoursFromMinutes(figures(view).totalMinutes),
    price: (view) => output(view.estimate.price),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(figures(view).cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(figures(view).margin);
    },
    marginPercent: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return figures(view).marginPercent;
    },
    startDate: (view) => view.estimate.startDate,
    endDate: (view) => view.estimate.endDate,
    scope: (view) => view.estimate.scope,
    revision: (view) => view.estimate.revision,
  },
  EstimateLine: {
    role: (view) => view.line.role,
    hours: (view) => hoursFromMinutes(view.line.minutes),
    costRate: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.line.costRate);
    },
    billRate: (view) => output(view.line.billRate),
  },
};
