import { forbidden } from '@platform/errors';
import { canSeeFinancials, hoursFromMinutes, type Identity } from '@platform/graphql-kit';
import { toMoneyOutput, type Money } from '@platform/money';
import { roleKey } from '@platform/events';
import { anyCalibrated, calibratedFigures, lineCalibration } from '../domain/calibration';
import { estimateFigures } from '../domain/estimate';
import type { Resolvers } from '../generated/resolvers';
import { loadCalibrations } from './calibrations';
import type { EstimateView } from './estimate-view';

/**
 * Cost figures are for FINANCE, ADMIN and the opportunity owner. Anyone else gets null for the
 * field with a FORBIDDEN error beside it, and the rest of the estimate as usual.
 */
function costVisible(identity: Identity, ownerId: string): void {
  if (!canSeeFinancials(identity) && identity.sub !== ownerId) {
    throw forbidden('Cost, cost rates and margin are visible to FINANCE, ADMIN and the opportunity owner');
  }
}

const figures = (view: EstimateView) => estimateFigures(view.estimate);
const output = (value: Money) => toMoneyOutput(value);

export const estimateResolvers: Pick<Resolvers, 'Estimate' | 'EstimateLine' | 'CalibratedEstimate'> = {
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
    billRate: (view) => output(view.line.billRate),
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
};
