import type { OpportunityStage, ReviewDecision, ReviewDiscipline } from './sales-types';

export interface GateReview {
  reviewerId: string;
  discipline: ReviewDiscipline;
  decision: ReviewDecision;
  estimateRevision: number;
}

export interface GateEstimate {
  revision: number;
  hasPrice: boolean;
  hasDates: boolean;
  hasScope: boolean;
  /** Estimated margin %, null when it cannot be computed (a price of 0, a role without cost rate). */
  marginPercent: number | null;
  startDate: string;
  /** Roles the role card had no cost rate for on the start date. */
  rolesWithoutCostRate: readonly string[];
  /**
   * Margin % at the calibrated (suggested) hours; absent when no line of the estimate has a
   * calibration (ARCHITECTURE.md, "Estimates that learn").
   */
  calibratedMarginPercent?: number | null;
}

export interface GateState {
  stage: OpportunityStage;
  ownerId: string;
  signed: boolean;
  estimate: GateEstimate | null;
  /** Oldest first: a reviewer's later word on the same revision replaces their earlier one. */
  reviews: readonly GateReview[];
  marginThresholdPercent: number;
}

/** Someone reading the gate: their team member id and roles. */
export interface GateReader {
  id: string;
  roles: readonly string[];
}

/**
 * Who may read an estimate's cost and margin (ARCHITECTURE.md, "Rate cards and honest
 * estimates"): the opportunity owner, DELIVERY (reviewers judge the numbers), FINANCE and ADMIN.
 */
export function mayReadEstimateMargin(reader: GateReader, ownerId: string): boolean {
  return (
    reader.id === ownerId || ['ADMIN', 'DELIVERY', 'FINANCE'].some((role) => reader.roles.includes(role))
  );
}

/** Percent for people: at most two decimals, cut rather than rounded so 19.999 never reads "20". */
export function formatPercent(value: number): string {
  return String(Math.trunc(value * 100) / 100);
}

/**
 * Whether a discipline approved the given revision: among the reviewers other than the owner,
 * each one's latest review of that revision counts, at least one of them approved and none of
 * them requested changes or rejected. Reviews of earlier revisions never count.
 */
export function disciplineApproved(
  reviews: readonly GateReview[],
  discipline: ReviewDiscipline,
  revision: number,
  ownerId: string,
): boolean {
  const latest = new Map<string, ReviewDecision>();
  for (const review of reviews) {
    if (review.discipline !== discipline || review.estimateRevision !== revision) continue;
    if (review.reviewerId === ownerId) continue;
    latest.set(review.reviewerId, review.decision);
  }
  const decisions = [...latest.values()];
  return decisions.length > 0 && decisions.every((d) => d === 'APPROVED');
}

/**
 * Finance must approve too when the estimated margin is under the threshold or unknown, or when
 * the margin at calibrated hours is under the threshold even though the nominal one is not.
 */
export function needsFinanceApproval(
  estimate: Pick<GateEstimate, 'marginPercent' | 'calibratedMarginPercent'>,
  thresholdPercent: number,
): boolean {
  return (
    estimate.marginPercent === null ||
    estimate.marginPercent < thresholdPercent ||
    calibratedUnder(estimate, thresholdPercent)
  );
}

const calibratedUnder = (
  estimate: Pick<GateEstimate, 'calibratedMarginPercent'>,
  thresholdPercent: number,
): boolean =>
  estimate.calibratedMarginPercent !== undefined &&
  estimate.calibratedMarginPercent !== null &&
  estimate.calibratedMarginPercent < thresholdPercent;

/**
 * The reviews' part of the gate: what approvals the current estimate still lacks. The margin is
 * named only when `showMargin`: a reader who may not see it gets the same blocker in words.
 */
function missingApprovals(state: GateState, estimate: GateEstimate, showMargin: boolean): string[] {
  const missing: string[] = [];
  const { revision } = estimate;
  if (!disciplineApproved(state.reviews, 'DELIVERY', revision, state.ownerId)) {
    missing.push(`Needs a DELIVERY approval of estimate revision ${revision}`);
  }
  if (
    needsFinanceApproval(estimate, state.marginThresholdPercent) &&
    !disciplineApproved(state.reviews, 'FINANCE', revision, state.ownerId)
  ) {
    const threshold = formatPercent(state.marginThresholdPercent);
    missing.push(
      estimate.marginPercent !== null && estimate.marginPercent >= state.marginThresholdPercent
        ? // Only the calibrated margin is under: no figure, whoever reads the blockers may read this one.
          `The margin at calibrated hours is under ${threshold}% (past engagements of these roles ` +
            `took longer than estimated): needs a FINANCE approval of revision ${revision}`
        : !showMargin
          ? `The estimated margin is under the threshold: needs a FINANCE approval of revision ${revision}`
          : estimate.marginPercent === null
            ? `Estimated margin is unknown at a price of 0: needs a FINANCE approval of revision ${revision}`
            : `Estimated margin ${formatPercent(estimate.marginPercent)}% is under ${threshold}%: ` +
              `needs a FINANCE approval of revision ${revision}`,
    );
  }
  return missing;
}

/**
 * The review gate (ARCHITECTURE.md, "Review gate"): every reason the opportunity cannot be
 * signed now, in words a person can act on; empty when it can be signed. A lost or signed
 * opportunity has exactly one reason, since no approval would change it.
 *
 * `reader` is who will read the reasons: without the right to see the estimate's margin
 * (mayReadEstimateMargin) they never state a margin figure. Without a reader (the owner signing,
 * who may see it) the figures are stated.
 */
export function signingBlockers(state: GateState, reader?: GateReader): string[] {
  if (state.signed || state.stage === 'WON') return ['Already signed'];
  if (state.stage === 'LOST') return ['Opportunity is lost'];
  const { estimate } = state;
  if (!estimate) return ['No estimate yet'];
  const blockers: string[] = [];
  if (!estimate.hasPrice) blockers.push('The estimate has no price');
  if (!estimate.hasDates) blockers.push('The estimate has no start and end dates');
  if (!estimate.hasScope) blockers.push('The estimate has no scope');
  for (const role of estimate.rolesWithoutCostRate) {
    blockers.push(
      `No cost rate for role ${role} on ${estimate.startDate}; finance sets it, then the estimate is saved again`,
    );
  }
  const showMargin = !reader || mayReadEstimateMargin(reader, state.ownerId);
  return [...blockers, ...missingApprovals(state, estimate, showMargin)];
}

/**
 * Stage after a review was recorded: APPROVED once the approvals hold, back to IN_REVIEW when
 * a later review withdrew them, otherwise unchanged.
 */
export function stageAfterReview(state: GateState): OpportunityStage {
  if (state.stage === 'WON' || state.stage === 'LOST' || !state.estimate) return state.stage;
  if (missingApprovals(state, state.estimate, false).length === 0) return 'APPROVED';
  return state.stage === 'APPROVED' ? 'IN_REVIEW' : state.stage;
}
