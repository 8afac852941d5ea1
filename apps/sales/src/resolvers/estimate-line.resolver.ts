import { roleKey } from '@platform/events';
import { hoursFromMinutes } from '@platform/graphql-kit';
import { toMoneyOutput } from '@platform/money';
import { lineCalibration } from '../domain/calibration';
import type { Resolvers } from '../generated/resolvers';
import { costVisible, moneyOutput } from './cost-visibility';

export const estimateLineResolvers: Pick<Resolvers, 'EstimateLine'> = {
  EstimateLine: {
    role: (view) => view.line.role,
    hours: (view) => hoursFromMinutes(view.line.minutes),
    costRate: (view, _args, ctx) => {
      costVisible(ctx.identity, view.ownerId);
      return moneyOutput(view.line.costRate);
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
};
