import { divRoundHalfEven } from '@platform/money';
import { monthIndex } from '@platform/domain-kit';

/** How an engagement is sold, hence how its revenue is recognized. */
export type PricingModel = 'FIXED_FEE' | 'TIME_AND_MATERIALS' | 'RETAINER';

/**
 * FIXED_FEE: (contract value + approved change orders) × min(1, logged / (budget + change-order
 * minutes)), in integers with one half-even rounding. With no budget at all, any logged effort
 * completes the work (min(1, x / 0) for x > 0), and no effort recognizes nothing.
 */
export function fixedFeeRevenue(
  totalValueMinor: bigint,
  budgetMinutes: number,
  loggedMinutes: number,
): bigint {
  if (loggedMinutes <= 0) return 0n;
  if (budgetMinutes <= 0 || loggedMinutes >= budgetMinutes) return totalValueMinor;
  return divRoundHalfEven(totalValueMinor * BigInt(loggedMinutes), BigInt(budgetMinutes));
}

/** Calendar months of the contract, counting both the start and the end month. */
export function contractMonths(startDate: string, endDate: string): number {
  return Math.max(1, monthIndex(endDate) - monthIndex(startDate) + 1);
}

/**
 * RETAINER: the contract value spread evenly over the contract's calendar months; a month
 * counts once its first day is on or before `asOf`. Integer division, with the remainder in
 * the last month so that the months add up to the contract value exactly.
 */
export function retainerRevenue(
  contractValueMinor: bigint,
  startDate: string,
  endDate: string,
  asOf: string,
): bigint {
  const months = contractMonths(startDate, endDate);
  const begun = Math.min(months, Math.max(0, monthIndex(asOf) - monthIndex(startDate) + 1));
  const perMonth = contractValueMinor / BigInt(months);
  const remainder = contractValueMinor - perMonth * BigInt(months);
  return perMonth * BigInt(begun) + (begun === months ? remainder : 0n);
}

/** What revenue recognition needs, cumulative up to one date. */
export interface RecognitionFacts {
  pricingModel: PricingModel;
  contractValueMinor: bigint;
  startDate: string;
  endDate: string;
  budgetMinutes: number;
  /** Σ change orders approved by the date. */
  changeOrderMinor: bigint;
  changeOrderMinutes: number;
  /** Σ minutes of entries dated up to the date. */
  loggedMinutes: number;
  /** Σ bill amounts of billable entries dated up to the date. */
  billableBillMinor: bigint;
}

/** Cumulative recognized revenue at `asOf` (ARCHITECTURE.md, "Money, time and recognition rules"). */
export function recognizedRevenue(facts: RecognitionFacts, asOf: string): bigint {
  switch (facts.pricingModel) {
    case 'TIME_AND_MATERIALS':
      return facts.billableBillMinor;
    case 'FIXED_FEE':
      return fixedFeeRevenue(
        facts.contractValueMinor + facts.changeOrderMinor,
        facts.budgetMinutes + facts.changeOrderMinutes,
        facts.loggedMinutes,
      );
    case 'RETAINER':
      return retainerRevenue(facts.contractValueMinor, facts.startDate, facts.endDate, asOf);
  }
}
