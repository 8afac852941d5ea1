import { hoursFromMinutes } from '@platform/graphql-kit';
import { toMoneyOutput } from '@platform/money';
import { anyCalibrated, calibratedFigures } from '../domain/calibration';
import { estimateFigures } from '../domain/estimate';
import type { Resolvers } from '../generated/resolvers';
import { loadCalibrations } from './calibrations';
import { costVisible, moneyOutput } from './cost-visibility';
import type { EstimateView } from './estimate-view';

const figures = (view: EstimateView) => estimateFigures(view.estimate);

export const estimateResolvers: Pick<Resolvers, 'Estimate'> = {
  Estimate: {
    lines: (view) => view.estimate.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view) => hoursFromMinutes(figures(view).totalMinutes),
    price: (view) => toMoneyOutput(view.estimate.price),
    cost: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(figures(view).cost);
    },
    margin: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(figures(view).margin);
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
};
