import { DomainError } from '@platform/errors';

/**
 * Projects cannot promise more than was sold (ARCHITECTURE.md, "Rate cards and honest
 * estimates"): the budget minutes of an engagement's projects that are not cancelled never
 * exceed the contract's budget plus the approved change orders' minutes. Pure; `promisedMinutes`
 * includes the project being created or changed.
 */
export function requireWithinSold(facts: {
  contractMinutes: number;
  changeOrderMinutes: number;
  promisedMinutes: number;
}): void {
  const soldMinutes = facts.contractMinutes + facts.changeOrderMinutes;
  if (facts.promisedMinutes <= soldMinutes) return;
  const hours = (minutes: number) => minutes / 60;
  throw new DomainError(
    'PRECONDITION_FAILED',
    `The engagement's projects would promise ${hours(facts.promisedMinutes)} h, more than the ` +
      `${hours(soldMinutes)} h sold (contract ${hours(facts.contractMinutes)} h + approved change orders ` +
      `${hours(facts.changeOrderMinutes)} h)`,
    undefined,
    {
      missing: ['A change order for the hours beyond what was sold'],
      soldHours: hours(soldMinutes),
      promisedHours: hours(facts.promisedMinutes),
      contractHours: hours(facts.contractMinutes),
      changeOrderHours: hours(facts.changeOrderMinutes),
    },
  );
}
