import { badInput, conflict, forbidden, preconditionFailed } from '@platform/errors';
import { hasRole, type Actor } from '@platform/domain-kit';
import { addNonNegative, type Money } from '@platform/money';
import { addDays } from './calendar';

export type EngagementStatus = 'HANDOFF' | 'ACTIVE' | 'ON_HOLD' | 'CLOSING' | 'CLOSED';

/** A CLOSED engagement is final: nothing reopens or changes it. */
export function assertNotClosed(status: EngagementStatus, action: string): void {
  if (status === 'CLOSED') throw conflict(`The engagement is closed; cannot ${action}`);
}

/** Kickoff moves a handoff to ACTIVE; it never moves an engagement back from later states. */
export const statusAfterKickoff = (status: EngagementStatus): EngagementStatus =>
  status === 'HANDOFF' ? 'ACTIVE' : status;

/** Status of an engagement opened from a contract, given what is already known of its kickoff. */
export const openingStatus = (kickoffHeld: boolean): EngagementStatus => (kickoffHeld ? 'ACTIVE' : 'HANDOFF');

export interface KnownMember {
  id: string;
  roles: readonly string[];
  active: boolean;
}

/**
 * Account management and delivery are two jobs for two people: the delivery owner holds the
 * DELIVERY role and is not the account manager; both are known, active team members.
 */
export function validateRoleAssignment(input: {
  accountManagerId: string;
  deliveryOwnerId: string;
  accountManager: KnownMember | null;
  deliveryOwner: KnownMember | null;
}): void {
  if (input.accountManagerId === input.deliveryOwnerId) {
    throw badInput(
      'input.deliveryOwnerId',
      'The delivery owner must be a different person from the account manager',
    );
  }
  if (!input.accountManager?.active) {
    throw badInput('input.accountManagerId', `${input.accountManagerId} is not an active team member`);
  }
  if (!input.deliveryOwner?.active) {
    throw badInput('input.deliveryOwnerId', `${input.deliveryOwnerId} is not an active team member`);
  }
  if (!input.deliveryOwner.roles.includes('DELIVERY')) {
    throw badInput('input.deliveryOwnerId', 'The delivery owner must hold the DELIVERY role');
  }
}

export interface ChangeOrderRequest {
  description: string;
  amountDelta: Money;
  minutesDelta: number;
  scheduleDeltaDays: number;
}

/** A change order is in the contract's currency (currencies never mix) and says what changes. */
export function validateChangeOrderRequest(
  request: ChangeOrderRequest,
  contractCurrency: string,
): ChangeOrderRequest {
  const description = request.description.trim();
  if (description.length === 0) throw badInput('input.description', 'A change order needs a description');
  if (request.amountDelta.currency !== contractCurrency) {
    throw badInput(
      'input.amountDelta.currency',
      `The contract is in ${contractCurrency}; a change order in ${request.amountDelta.currency} cannot be applied to it`,
    );
  }
  if (!Number.isInteger(request.scheduleDeltaDays))
    throw badInput('input.scheduleDeltaDays', 'Expected whole days');
  return { ...request, description };
}

/** The delivery owner or an ADMIN decides, and never the person who asked for the change. */
export function assertMayDecideChangeOrder(input: {
  deciderId: string;
  deciderIsAdmin: boolean;
  deliveryOwnerId: string | null;
  requestedBy: string;
  status: string;
}): void {
  if (input.deciderId === input.requestedBy)
    throw forbidden('A change order is never decided by its requester');
  if (!input.deciderIsAdmin && input.deciderId !== input.deliveryOwnerId) {
    throw forbidden("Only the engagement's delivery owner or an ADMIN decides change orders");
  }
  if (input.status !== 'REQUESTED') throw conflict(`The change order is already ${input.status}`);
}

export function validateSatisfaction(satisfaction: number): void {
  if (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5) {
    throw badInput('input.satisfaction', 'Satisfaction is a whole number from 1 to 5');
  }
}

/** A review is given once, after kickoff; it moves the engagement into closing. */
export function statusAfterReview(status: EngagementStatus, hasReview: boolean): EngagementStatus {
  assertNotClosed(status, 'submit a review');
  if (hasReview) throw conflict('The post-implementation review has already been submitted');
  if (status === 'HANDOFF') {
    throw preconditionFailed('The engagement is still in handoff: no kickoff has been held', ['kickoff']);
  }
  return 'CLOSING';
}

export interface KnownProject {
  projectId: string;
  finished: boolean;
}

/** What still stands between an engagement and closing, as names for `extensions.missing`. */
export function closingMissing(input: { hasReview: boolean; projects: readonly KnownProject[] }): string[] {
  const missing: string[] = [];
  if (!input.hasReview) missing.push('review');
  for (const project of input.projects) if (!project.finished) missing.push(`project:${project.projectId}`);
  return missing;
}

export function assertMayClose(input: {
  status: EngagementStatus;
  hasReview: boolean;
  projects: readonly KnownProject[];
}): void {
  if (input.status === 'CLOSED') throw conflict('The engagement is already closed');
  const missing = closingMissing(input);
  if (missing.length > 0) {
    throw preconditionFailed(`The engagement cannot close yet; missing: ${missing.join(', ')}`, missing);
  }
}

/** At risk while the latest alert is newer than the latest all-clear. */
export function isAtRisk(raisedAt: Date | null, clearedAt: Date | null): boolean {
  if (!raisedAt) return false;
  return !clearedAt || raisedAt.getTime() > clearedAt.getTime();
}

/**
 * What an approved change order does to the engagement's own plan (the same rule delivery
 * applies to its projects): budget minutes and end date move by the deltas, never below zero
 * minutes nor before the start. Owner suggestions then weigh the engagement as it now stands.
 */
export function applyApprovedChangeOrder(
  plan: { startDate: string; endDate: string; budgetMinutes: number },
  change: { minutesDelta: number; scheduleDeltaDays: number },
): { endDate: string; budgetMinutes: number } {
  const shifted = addDays(plan.endDate, change.scheduleDeltaDays);
  return {
    endDate: shifted < plan.startDate ? plan.startDate : shifted,
    budgetMinutes: addNonNegative(plan.budgetMinutes, change.minutesDelta),
  };
}

/** Accounting's risk reasons, in the order the API lists them. */
export const RISK_REASONS = [
  'MARGIN_BELOW_THRESHOLD',
  'OVER_BUDGET',
  'BURN_AHEAD_OF_SCHEDULE',
  'FORECAST_OVER_BUDGET',
  'FORECAST_MARGIN_BELOW_THRESHOLD',
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/**
 * The reasons that speak of margin ("under the threshold" is a figure in words): read only by
 * those who may read an engagement's margin (ARCHITECTURE.md: margin is FINANCE/ADMIN; as for an
 * estimate's margin, also DELIVERY and the people who steer this engagement).
 */
export const MARGIN_REASONS: readonly RiskReason[] = [
  'MARGIN_BELOW_THRESHOLD',
  'FORECAST_MARGIN_BELOW_THRESHOLD',
];

/**
 * Who may read that an engagement's margin is under the threshold: ADMIN, FINANCE and DELIVERY
 * (the engagement-management lead's portfolio view), and the engagement's own account manager
 * and delivery owner (they file its status reports). Not a MEMBER, nor SALES on another's account.
 */
export function mayReadMargin(
  actor: Actor,
  engagement: { accountManagerId: string | null; deliveryOwnerId: string | null },
): boolean {
  const id = actor.id.toLowerCase();
  return (
    mayReadEveryMargin(actor) ||
    id === engagement.accountManagerId?.toLowerCase() ||
    id === engagement.deliveryOwnerId?.toLowerCase()
  );
}

/** Whether the actor's roles alone let them read every engagement's margin (ADMIN, FINANCE, DELIVERY). */
export function mayReadEveryMargin(actor: Actor): boolean {
  return hasRole(actor, 'FINANCE', 'DELIVERY');
}

/** The reasons a reader sees: all of them, or those that say nothing of margin. */
export function visibleReasons(reasons: readonly RiskReason[], marginReadable: boolean): RiskReason[] {
  return marginReadable ? [...reasons] : reasons.filter((r) => !MARGIN_REASONS.includes(r));
}

/** The reasons whose latest raise is later than their latest clear (as for margin alerts). */
export function holdingReasons(
  signals: ReadonlyArray<{ reason: string; raisedAt: Date | null; clearedAt: Date | null }>,
): RiskReason[] {
  const holding = new Set(signals.filter((s) => isAtRisk(s.raisedAt, s.clearedAt)).map((s) => s.reason));
  return RISK_REASONS.filter((r) => holding.has(r));
}

/**
 * Rates a change order adds to the contract's rate table: a role (trimmed, 1..100 characters,
 * each once, compared case-insensitively) and a bill rate ≥ 0 in the contract's currency.
 */
export function validateChangeOrderRates(
  rates: ReadonlyArray<{ role: string; billRate: Money }>,
  contractCurrency: string,
): Array<{ role: string; billRate: Money }> {
  const seen = new Set<string>();
  return rates.map((rate, i) => {
    const role = rate.role.trim();
    if (role.length === 0 || role.length > 100)
      throw badInput(`input.rates.${i}.role`, 'A role has a name of 1 to 100 characters');
    if (seen.has(role.toLowerCase()))
      throw badInput(`input.rates.${i}.role`, `${role} is priced twice in this change order`);
    seen.add(role.toLowerCase());
    if (rate.billRate.currency !== contractCurrency)
      throw badInput(`input.rates.${i}.billRate.currency`, `The contract is in ${contractCurrency}`);
    if (rate.billRate.minor < 0n) throw badInput(`input.rates.${i}.billRate.amount`, 'must not be negative');
    return { role, billRate: rate.billRate };
  });
}
