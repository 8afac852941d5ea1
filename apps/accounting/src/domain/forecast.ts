import {
  bookingSegments,
  epochDay,
  fromEpochDay,
  type BookingAllocation,
  type BookingTimeOff,
  type RiskReason,
} from '@platform/events';
import { divRoundHalfEven, percent } from '@platform/money';
import type { PricingModel } from '../entities/engagement-ledger.entity';
import type { Financials } from './financials';

/** Burn % − schedule elapsed % above which an engagement burns ahead of its schedule (default). */
export const DEFAULT_BURN_AHEAD_POINTS = 20;

/** A confirmed allocation as accounting projects it (AllocationPlanned). */
export interface ForecastAllocation extends BookingAllocation {
  memberId: string;
  engagementId: string;
}

export interface ForecastTimeOff extends BookingTimeOff {
  memberId: string;
}

export interface ForecastRate {
  memberId: string;
  effectiveFrom: string;
  currency: string;
  costRateMinor: bigint;
  billRateMinor: bigint;
}

/** What one engagement's forecast is computed from, besides its members' bookings. */
export interface ForecastLedger {
  engagementId: string;
  pricingModel: PricingModel;
  currency: string;
  startDate: string;
  endDate: string;
  /** Contract value plus approved change orders. */
  soldValueMinor: bigint;
  /** Budget plus approved change-order minutes. */
  budgetMinutes: number;
  loggedMinutes: number;
  costMinor: bigint;
  revenueMinor: bigint;
}

export interface Forecast {
  /** ETC in fifths of a minute (a booked day is hoursPerWeek / 5, exact in fifths). */
  remainingFifths: number;
  eacFifths: number;
  eacCostMinor: bigint;
  revenueMinor: bigint;
  marginMinor: bigint;
  marginPercent: number | null;
  scheduleElapsedPercent: number;
}

/**
 * Calendar days from start to `asOf` inclusive over days from start to end inclusive × 100,
 * clamped to 0..100 (ARCHITECTURE.md, "Foresight").
 */
export function scheduleElapsedPercent(startDate: string, endDate: string, asOf: string): number {
  const total = epochDay(endDate) - epochDay(startDate) + 1;
  if (total <= 0) return 100;
  const elapsed = epochDay(asOf) - epochDay(startDate) + 1;
  return Math.min(100, Math.max(0, (elapsed / total) * 100));
}

/** The rate of a member in force on a date in the engagement's currency, or null. */
function rateOn(rates: readonly ForecastRate[], date: string): ForecastRate | null {
  let found: ForecastRate | null = null;
  for (const rate of rates) {
    if (rate.effectiveFrom <= date && (found === null || rate.effectiveFrom > found.effectiveFrom))
      found = rate;
  }
  return found;
}

/**
 * Forecast of one engagement on day `asOf`: ETC = the booked hours of CONFIRMED allocations on
 * its projects from the day after to its end date (time off applied over ALL of each member's
 * confirmed allocations, in the order they were made); EAC cost = cost so far + each booked hour
 * at the member's cost rate in force that day; forecast revenue = the sold value for FIXED_FEE
 * and RETAINER, revenue so far + each booked hour at the bill rate for TIME_AND_MATERIALS.
 *
 * SEAM: the rule prices T&M hours at "the contract rate of the allocation's role"; until
 * allocations carry a role and contracts their rate table, the member's bill rate is used.
 * A rate in another currency than the engagement's prices nothing (currencies never mix).
 */
export function computeForecast(
  ledger: ForecastLedger,
  asOf: string,
  allocations: readonly ForecastAllocation[],
  timeOff: readonly ForecastTimeOff[],
  rates: readonly ForecastRate[],
): Forecast {
  const from = fromEpochDay(epochDay(asOf) + 1);
  const range = { from, to: ledger.endDate };
  const members = new Set(
    allocations.filter((a) => a.engagementId === ledger.engagementId).map((a) => a.memberId),
  );
  let remainingFifths = 0;
  let bookedCost = 0n;
  let bookedBill = 0n;
  for (const memberId of members) {
    const own = allocations.filter((a) => a.memberId === memberId && a.status === 'CONFIRMED');
    const onThis = new Set(own.filter((a) => a.engagementId === ledger.engagementId).map((a) => a.id));
    const memberRates = rates.filter((r) => r.memberId === memberId && r.currency === ledger.currency);
    const segments = bookingSegments(
      range,
      own,
      timeOff.filter((t) => t.memberId === memberId),
      memberRates.map((r) => r.effectiveFrom),
    );
    for (const segment of segments) {
      const fifths = segment.booked
        .filter((b) => onThis.has(b.allocationId))
        .reduce((sum, b) => sum + b.fifthsPerDay * segment.workingDays, 0);
      if (fifths === 0) continue;
      remainingFifths += fifths;
      const rate = rateOn(memberRates, segment.from);
      if (rate) {
        // A fifth of a minute at a rate per hour: fifths × rate / 300, rounded half-even per stretch.
        bookedCost += divRoundHalfEven(BigInt(fifths) * rate.costRateMinor, 300n);
        bookedBill += divRoundHalfEven(BigInt(fifths) * rate.billRateMinor, 300n);
      }
    }
  }
  const eacCostMinor = ledger.costMinor + bookedCost;
  const revenueMinor =
    ledger.pricingModel === 'TIME_AND_MATERIALS' ? ledger.revenueMinor + bookedBill : ledger.soldValueMinor;
  const marginMinor = revenueMinor - eacCostMinor;
  return {
    remainingFifths,
    eacFifths: ledger.loggedMinutes * 5 + remainingFifths,
    eacCostMinor,
    revenueMinor,
    marginMinor,
    marginPercent: percent(marginMinor, revenueMinor),
    scheduleElapsedPercent: scheduleElapsedPercent(ledger.startDate, ledger.endDate, asOf),
  };
}

/** The forecast's risk reasons (the current-figure ones come from financials.ts). */
export function forecastRiskReasons(
  ledger: Pick<ForecastLedger, 'budgetMinutes' | 'loggedMinutes'>,
  forecast: Forecast,
  burnPercent: number,
  thresholdPercent: number,
  burnAheadPoints: number,
): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (ledger.budgetMinutes > 0 && burnPercent - forecast.scheduleElapsedPercent > burnAheadPoints)
    reasons.push('BURN_AHEAD_OF_SCHEDULE');
  if (ledger.budgetMinutes > 0 && forecast.eacFifths > ledger.budgetMinutes * 5)
    reasons.push('FORECAST_OVER_BUDGET');
  if (
    forecast.revenueMinor > 0n &&
    forecast.marginPercent !== null &&
    forecast.marginPercent < thresholdPercent
  )
    reasons.push('FORECAST_MARGIN_BELOW_THRESHOLD');
  return reasons;
}

export interface ForecastFacts {
  allocations: ForecastAllocation[];
  timeOff: ForecastTimeOff[];
  rates: ForecastRate[];
}

/**
 * The figures with their forecast and every risk reason: the current ones (margin, over budget)
 * and the forecast's (burn ahead of schedule, forecast over budget, forecast margin).
 */
export function withForecast(
  figures: Financials,
  ledger: { pricingModel: PricingModel; startDate: string; endDate: string },
  facts: ForecastFacts,
  asOf: string,
  thresholdPercent: number,
  burnAheadPoints: number,
): Financials {
  const forecastLedger: ForecastLedger = {
    engagementId: figures.engagementId,
    pricingModel: ledger.pricingModel,
    currency: figures.revenue.currency,
    startDate: ledger.startDate,
    endDate: ledger.endDate,
    soldValueMinor: figures.contractValue.minor + figures.changeOrderValue.minor,
    budgetMinutes: figures.budgetMinutes,
    loggedMinutes: figures.loggedMinutes,
    costMinor: figures.cost.minor,
    revenueMinor: figures.revenue.minor,
  };
  const forecast = computeForecast(forecastLedger, asOf, facts.allocations, facts.timeOff, facts.rates);
  const reasons = [
    ...figures.riskReasons,
    ...forecastRiskReasons(forecastLedger, forecast, figures.burnPercent, thresholdPercent, burnAheadPoints),
  ];
  return { ...figures, forecast, riskReasons: reasons, atRisk: reasons.length > 0 };
}
