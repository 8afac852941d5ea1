import { forbidden } from '@platform/errors';
import { canSeeFinancials, hoursFromMinutes, type Identity } from '@platform/graphql-kit';
import { toMoneyOutput, type Money } from '@platform/money';
import type { SalesContext } from '../context';
import { estimateFigures, type EstimateLine, type EstimateRecord } from '../domain/estimate';

/** An estimate with the owner of its opportunity, who may see its cost. */
export interface EstimateView {
  estimate: EstimateRecord;
  ownerId: string;
}

interface EstimateLineView {
  line: EstimateLine;
  ownerId: string;
}

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

export const estimateResolvers = {
  Estimate: {
    lines: (view: EstimateView): EstimateLineView[] =>
      view.estimate.lines.map((line) => ({ line, ownerId: view.ownerId })),
    totalHours: (view: EstimateView) => hoursFromMinutes(figures(view).totalMinutes),
    price: (view: EstimateView) => output(view.estimate.price),
    cost: (view: EstimateView, _args: unknown, ctx: SalesContext) => {
      costVisible(ctx.identity, view.ownerId);
      return output(figures(view).cost);
    },
    margin: (view: EstimateView, _args: unknown, ctx: SalesContext) => {
      costVisible(ctx.identity, view.ownerId);
      return output(figures(view).margin);
    },
    marginPercent: (view: EstimateView, _args: unknown, ctx: SalesContext) => {
      costVisible(ctx.identity, view.ownerId);
      return figures(view).marginPercent;
    },
    startDate: (view: EstimateView) => view.estimate.startDate,
    endDate: (view: EstimateView) => view.estimate.endDate,
    scope: (view: EstimateView) => view.estimate.scope,
    revision: (view: EstimateView) => view.estimate.revision,
  },
  EstimateLine: {
    role: (view: EstimateLineView) => view.line.role,
    hours: (view: EstimateLineView) => hoursFromMinutes(view.line.minutes),
    costRate: (view: EstimateLineView, _args: unknown, ctx: SalesContext) => {
      costVisible(ctx.identity, view.ownerId);
      return output(view.line.costRate);
    },
    billRate: (view: EstimateLineView) => output(view.line.billRate),
  },
};
