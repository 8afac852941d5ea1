import {
  bookingSegments,
  epochDay,
  fromEpochDay,
  type BookingAllocation,
  type BookingTimeOff,
  type RiskReason,
} from '@platform/events';
import { divRoundHalfEven, percent } from '@platform/money';
import type { PricingModel } from './recognition';

/** Burn % − schedule elapsed % above which an engagement burns ahead of its schedule (default). */
export const DEFAULT_BURN_AHEAD_POINTS = 20;

/** A confirmed allocation as accounting projects it (AllocationPlanned). */
export interface ForecastAllocation extends BookingAllocation {
  memberId: string;
  engagementId: string;
  /** The role worked under (as roleKey()); null or absent: the member's primary role. */
  roleKey?: string | null;
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

/**
 * A bill rate of the engagement's rate table for a role: the contract's (frozen at signing) or
 * one an approved change order added or changed from the day it was approved.
 */
export interface ForecastContractRate {
  engagementId: string;
  roleKey: string;
  currency: string;
  billRateMinor: bigint;
  /** Null: the contract's own table. Else the change order's approval: its day, and its instant in ms. */
  approved: { on: string; at: number } | null;
}

/** The rate table of the engagements and the primary roles of their members, as accounting knows them. */
export interface ForecastRateTable {
  contractRates: readonly ForecastContractRate[];
  /** Member id → primary role (as roleKey()), for members accounting knows one of. */
  primaryRoles: ReadonlyMap<string, string>;
}

const NO_RATE_TABLE: ForecastRateTable = { contractRates: [], primaryRoles: new Map() };

/**
 * The contract bill rate of a role on a day, as an entry of that day is billed: the latest change
 * order approved on or before it that prices the role, else the contract's own rate; null when
 * neither names the role.
 */
export function contractRateOn(
  table: readonly ForecastContractRate[],
  engagementId: string,
  roleKey: string,
  day: string,
): ForecastContractRate | null {
  let found: ForecastContractRate | null = null;
  for (const rate of table) {
    if (rate.engagementId !== engagementId || rate.roleKey !== roleKey) continue;
    if (rate.approved === null) {
      if (found === null) found = rate;
    } else if (
      rate.approved.on <= day &&
      (found === null || found.approved === null || rate.approved.at > found.approved.at)
    ) {
      found = rate;
    }
  }
  return found;
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
 * and RETAINER, revenue so far + each booked hour at the contract bill rate of the allocation's
 * role for TIME_AND_MATERIALS (ARCHITECTURE.md, "Foresight").
 *
 * The allocation's role is its own, else the member's primary role when accounting knows it. The
 * contract rate of a role on a day is the one an entry of that day is billed at (the latest change
 * order approved on or before it, else the contract's table); where the contract has no rate for
 * the role (or the allocation has no role at all), the member's own bill rate in force that day
 * applies, as for actual T&M revenue ("Money, time and recognition rules"). A rate in another
 * currency than the engagement's prices nothing (currencies never mix). Amounts are rounded half
 * even once per stretch of days with the same rates and per rate: fifths × rate / 300.
 */
export function computeForecast(
  ledger: ForecastLedger,
  asOf: string,
  allocations: readonly ForecastAllocation[],
  timeOff: readonly ForecastTimeOff[],
  rates: readonly ForecastRate[],
  rateTable: ForecastRateTable = NO_RATE_TABLE,
): Forecast {
  return new ForecastIndex({ allocations, timeOff, rates, ...rateTable }).forecast(ledger, asOf);
}

/**
 * The forecast facts of a batch of engagements, indexed once by member and engagement, with each
 * member's booking stretches kept per range and breaks: the financials of many engagements that
 * share members (one statement loads them all, financials.queries.ts) compute a member's schedule
 * once instead of once per engagement. The figures are exactly computeForecast's (the same
 * stretches, so the same half-even rounding); only the repeated work goes.
 */
export class ForecastIndex {
  private readonly confirmedByMember = new Map<string, ForecastAllocation[]>();
  private readonly membersByEngagement = new Map<string, Set<string>>();
  private readonly timeOffByMember = new Map<string, ForecastTimeOff[]>();
  private readonly ratesByMember = new Map<string, ForecastRate[]>();
  private readonly contractRatesByEngagement = new Map<string, ForecastContractRate[]>();
  private readonly primaryRoles: ReadonlyMap<string, string>;
  private readonly segments = new Map<string, ReturnType<typeof bookingSegments>>();

  constructor(
    facts: Omit<ForecastFacts, 'allocations' | 'timeOff' | 'rates'> & {
      allocations: readonly ForecastAllocation[];
      timeOff: readonly ForecastTimeOff[];
      rates: readonly ForecastRate[];
    },
  ) {
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const a of facts.allocations) {
      // Every member allocated here counts, whatever the status; only CONFIRMED hours are booked.
      const members = this.membersByEngagement.get(a.engagementId) ?? new Set<string>();
      members.add(a.memberId);
      this.membersByEngagement.set(a.engagementId, members);
      if (a.status === 'CONFIRMED') push(this.confirmedByMember, a.memberId, a);
    }
    for (const t of facts.timeOff) push(this.timeOffByMember, t.memberId, t);
    for (const r of facts.rates) push(this.ratesByMember, r.memberId, r);
    for (const r of facts.contractRates) push(this.contractRatesByEngagement, r.engagementId, r);
    this.primaryRoles = facts.primaryRoles;
  }

  /** Forecast of one engagement on day `asOf` (the rules are computeForecast's, above). */
  forecast(ledger: ForecastLedger, asOf: string): Forecast {
    const from = fromEpochDay(epochDay(asOf) + 1);
    const contractRates = this.contractRatesByEngagement.get(ledger.engagementId) ?? [];
    // A change order's rate applies from its day: stretches are cut there, as at a member rate's date.
    const contractBreaks = contractRates.flatMap((r) => (r.approved ? [r.approved.on] : []));
    const range = { from, to: ledger.endDate };
    let remainingFifths = 0;
    let bookedCost = 0n;
    let bookedBill = 0n;
    for (const memberId of this.membersByEngagement.get(ledger.engagementId) ?? []) {
      const own = this.confirmedByMember.get(memberId) ?? [];
      const onThis = new Map(
        own.filter((a) => a.engagementId === ledger.engagementId).map((a) => [a.id, a] as const),
      );
      if (onThis.size === 0) continue;
      const memberRates = (this.ratesByMember.get(memberId) ?? []).filter(
        (r) => r.currency === ledger.currency,
      );
      const primaryRole = this.primaryRoles.get(memberId) ?? null;
      const breaks = [...memberRates.map((r) => r.effectiveFrom), ...contractBreaks];
      const key = `${memberId}|${range.from}|${range.to}|${breaks.join(',')}`;
      let segments = this.segments.get(key);
      if (!segments) {
        segments = bookingSegments(range, own, this.timeOffByMember.get(memberId) ?? [], breaks);
        this.segments.set(key, segments);
      }
      for (const segment of segments) {
        const booked = segment.booked
          .filter((b) => onThis.has(b.allocationId))
          .map((b) => ({
            allocation: onThis.get(b.allocationId)!,
            fifths: b.fifthsPerDay * segment.workingDays,
          }));
        const fifths = booked.reduce((sum, b) => sum + b.fifths, 0);
        if (fifths === 0) continue;
        remainingFifths += fifths;
        const rate = rateOn(memberRates, segment.from);
        // A fifth of a minute at a rate per hour: fifths × rate / 300, rounded half-even per stretch.
        if (rate) bookedCost += divRoundHalfEven(BigInt(fifths) * rate.costRateMinor, 300n);
        // Revenue: the fifths of the stretch summed per bill rate, each sum priced once.
        const fifthsAtBillRate = new Map<bigint, number>();
        for (const b of booked) {
          const role = b.allocation.roleKey ?? primaryRole;
          const contract =
            role === null ? null : contractRateOn(contractRates, ledger.engagementId, role, segment.from);
          // A contract rate in another currency is no rate of this contract (as when billing an entry).
          const onContract = contract !== null && contract.currency === ledger.currency;
          const billRate = onContract ? contract.billRateMinor : rate ? rate.billRateMinor : null;
          if (billRate === null) continue;
          fifthsAtBillRate.set(billRate, (fifthsAtBillRate.get(billRate) ?? 0) + b.fifths);
        }
        for (const [billRate, atRate] of fifthsAtBillRate)
          bookedBill += divRoundHalfEven(BigInt(atRate) * billRate, 300n);
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

export interface ForecastFacts extends ForecastRateTable {
  allocations: ForecastAllocation[];
  timeOff: ForecastTimeOff[];
  rates: ForecastRate[];
}
