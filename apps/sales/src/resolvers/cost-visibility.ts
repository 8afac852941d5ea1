import { forbidden } from '@platform/errors';
import { actorOf, type Identity } from '@platform/graphql-kit';
import { toMoneyOutput, type Money } from '@platform/money';
import { mayReadEstimateMargin } from '../domain/review-gate';

/**
 * Cost figures are for the opportunity owner, DELIVERY, FINANCE and ADMIN (mayReadEstimateMargin,
 * the same rule signingBlockers follows). Anyone else gets null for the field with a FORBIDDEN
 * error beside it, and the rest of the estimate as usual.
 */
export function costVisible(identity: Identity, ownerId: string): void {
  if (!mayReadEstimateMargin(actorOf(identity), ownerId)) {
    throw forbidden(
      'Cost, cost rates and margin are visible to the opportunity owner, DELIVERY, FINANCE and ADMIN',
    );
  }
}

export const moneyOutput = (value: Money | null) => (value === null ? null : toMoneyOutput(value));
