import { forbidden } from '@platform/errors';
import { hoursFromMinutes, type Identity } from '@platform/graphql-kit';
import { toMoneyOutput, type Money } from '@platform/money';
import { roleKey } from '@platform/events';
import { anyCalibrated, calibratedFigures, lineCalibration } from '../domain/calibration';
import { estimateFigures } from '../domain/estimate';
import { mayReadEstimateMargin } from '../domain/review-gate';
import type { Resolvers } from '../generated/resolvers';
import { loadCalibrations } from './calibrations';
import type { DeliveryEstimateView, EstimateView } from './estimate-view';

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
const counterFigures = (view: DeliveryEstimateView) =>
  estimateFigures({ currency: view.price.currency, lines: view.lines, price: view.price });
const output = (value: Money | null) => (value === null ? null : toMoneyOutput(value));

export const estimateResolvers: Pick<
  Resolvers,
  'Estimate' | 'EstimateLine' | 'DeliveryEstimate' | 'SuggestedLine' | 'CalibratedEstimate'
> = {
  Estimate: {
    lines: (view) => view.estimate.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view) => hoursFromMinutes(figures(view).totalMinutes),
    price: (view) => toMoneyOutput(view.estimate.price),
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
    calibrated: async (view, _args, ctx) => {
      const calibrations = await loadCalibrations(ctx.loaders, view.estimate.lines);
      if (!anyCalibrated(view.estimate.lines, calibrations)) return null;
      return { figures: calibratedFigures(view.estimate, calibrations), ownerId: view.ownerId };
    },
  },
  CalibratedEstimate: {
    totalHours: (view) => hoursFromMinutes(view.figures.totalMinutes),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.figures.cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.figures.margin);
    },
    marginPercent: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return view.figures.marginPercent;
    },
  },
  EstimateLine: {
    role: (view) => view.line.role,
    hours: (view) => hoursFromMinutes(view.line.minutes),
    costRate: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.line.costRate);
    },
    billRate: (view) => toMoneyOutput(view.line.billRate),
    calibration: async (view, _args, ctx) => {
      const calibration = lineCalibration(
        view.line.minutes,
        await ctx.loaders.calibrationByRole.load(roleKey(view.line.role)),
      );
      return (
        calibration && {
          medianVariancePercent: calibration.medianVariancePercent,
          samples: calibration.samples,
          suggestedHours: hoursFromMinutes(calibration.suggestedMinutes),
        }
      );
    },
  },
  DeliveryEstimate: {
    reviewer: (view) => ({ __typename: 'TeamMember', id: view.review.reviewerId }),
    at: (view) => view.review.at,
    estimateRevision: (view) => view.review.estimateRevision,
    lines: (view) => view.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view) => hoursFromMinutes(counterFigures(view).totalMinutes),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(counterFigures(view).cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(counterFigures(view).margin);
    },
    marginPercent: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return counterFigures(view).marginPercent;
    },
  },
  SuggestedLine: {
    role: (view) => view.line.role,
    hours: (view) => hoursFromMinutes(view.line.minutes),
    costRate: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.line.costRate);
    },
  },
};
