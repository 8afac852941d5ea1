import { anyCalibrated, calibratedFigures, type Calibration } from './calibration';
import { estimateFigures, type EstimateRecord } from './estimate';
import type { GateReview, GateState } from './review-gate';
import type { OpportunityStage } from './sales-types';

function gateFigures(estimate: EstimateRecord) {
  const { marginPercent, rolesWithoutCostRate } = estimateFigures(estimate);
  return { marginPercent, rolesWithoutCostRate };
}

/** The review gate's view of an opportunity as stored. */
export function gateStateOf(args: {
  stage: OpportunityStage;
  ownerId: string;
  signed: boolean;
  estimate: EstimateRecord | null;
  reviews: readonly GateReview[];
  marginThresholdPercent: number;
  /** By role key: what closed engagements teach (ARCHITECTURE.md, "Estimates that learn"). */
  calibrations?: ReadonlyMap<string, Calibration | null>;
}): GateState {
  const calibrations = args.calibrations ?? new Map<string, Calibration | null>();
  const { estimate } = args;
  return {
    stage: args.stage,
    ownerId: args.ownerId,
    signed: args.signed,
    reviews: args.reviews,
    marginThresholdPercent: args.marginThresholdPercent,
    // Input validation and NOT NULL columns already keep a stored estimate complete; the gate
    // still states the rule so that it holds for any estimate it is handed.
    estimate: estimate && {
      revision: estimate.revision,
      hasPrice: Boolean(estimate.price?.currency),
      hasDates: Boolean(estimate.startDate && estimate.endDate),
      hasScope: estimate.scope.trim().length > 0,
      ...gateFigures(estimate),
      startDate: estimate.startDate,
      ...(anyCalibrated(estimate.lines, calibrations)
        ? { calibratedMarginPercent: calibratedFigures(estimate, calibrations).marginPercent }
        : {}),
    },
  };
}
