import type { RiskReason } from '@platform/events';
import { money, percent, type Money } from '@platform/money';
import type { PricingModel } from './recognition';
import {
  ForecastIndex,
  forecastRiskReasons,
  type Forecast,
  type ForecastFacts,
  type ForecastLedger,
} from './forecast';
import { recognizedRevenue } from './recognition';

export interface LedgerFacts {
  engagementId: string;
  name: string;
  clientId: string;
  clientName: string;
  pricingModel: PricingModel;
  currency: string;
  contractValueMinor: bigint;
  budgetMinutes: number;
  estimatedMinutes: number;
  startDate: string;
  endDate: string;
  accountManagerId: string | null;
  deliveryOwnerId: string | null;
  updatedAt: Date;
}

/** Everything summed for one engagement (in its currency), whatever the entries' dates. */
export interface EngagementTotals {
  minutes: number;
  billableMinutes: number;
  costMinor: bigint;
  billableBillMinor: bigint;
  changeOrderMinor: bigint;
  changeOrderMinutes: number;
  invoicedMinor: bigint;
  /** Billable minutes billed at the member's own rate: the contract has no rate for their role. */
  offContractMinutes?: number;
}

export type { RiskReason } from '@platform/events';

export interface Financials {
  engagementId: string;
  contractValue: Money;
  changeOrderValue: Money;
  revenue: Money;
  cost: Money;
  margin: Money;
  marginPercent: number | null;
  invoiced: Money;
  budgetMinutes: number;
  loggedMinutes: number;
  billableMinutes: number;
  estimatedMinutes: number;
  burnPercent: number;
  estimateVariancePercent: number | null;
  offContractMinutes: number;
  atRisk: boolean;
  /** In the order of RiskReason; the forecast's reasons are added by withForecast (below). */
  riskReasons: RiskReason[];
  /** Null until withForecast adds it. */
  forecast: Forecast | null;
  updatedAt: Date;
}

/**
 * At risk: margin % under the threshold, or budget burn over 100 %. The margin test applies
 * only once there is money to judge; cost with no revenue at all is a loss, hence at risk.
 */
export function riskReasons(
  figures: { revenueMinor: bigint; costMinor: bigint; marginPercent: number | null; burnPercent: number },
  thresholdPercent: number,
): RiskReason[] {
  const reasons: RiskReason[] = [];
  const marginAtRisk =
    figures.revenueMinor > 0n
      ? figures.marginPercent !== null && figures.marginPercent < thresholdPercent
      : figures.costMinor > 0n;
  if (marginAtRisk) reasons.push('MARGIN_BELOW_THRESHOLD');
  if (figures.burnPercent > 100) reasons.push('OVER_BUDGET');
  return reasons;
}

/** Live profitability of one engagement as of a date (ARCHITECTURE.md recognition rules). */
export function computeFinancials(
  ledger: LedgerFacts,
  totals: EngagementTotals,
  asOf: string,
  thresholdPercent: number,
): Financials {
  const currency = ledger.currency;
  const revenueMinor = recognizedRevenue(
    {
      pricingModel: ledger.pricingModel,
      contractValueMinor: ledger.contractValueMinor,
      startDate: ledger.startDate,
      endDate: ledger.endDate,
      budgetMinutes: ledger.budgetMinutes,
      changeOrderMinor: totals.changeOrderMinor,
      changeOrderMinutes: totals.changeOrderMinutes,
      loggedMinutes: totals.minutes,
      billableBillMinor: totals.billableBillMinor,
    },
    asOf,
  );
  const marginMinor = revenueMinor - totals.costMinor;
  const marginPercent = percent(marginMinor, revenueMinor);
  const budgetMinutes = ledger.budgetMinutes + totals.changeOrderMinutes;
  const burnPercent = percent(BigInt(totals.minutes), BigInt(budgetMinutes)) ?? 0;
  const reasons = riskReasons(
    { revenueMinor, costMinor: totals.costMinor, marginPercent, burnPercent },
    thresholdPercent,
  );
  return {
    engagementId: ledger.engagementId,
    contractValue: money(ledger.contractValueMinor, currency),
    changeOrderValue: money(totals.changeOrderMinor, currency),
    revenue: money(revenueMinor, currency),
    cost: money(totals.costMinor, currency),
    margin: money(marginMinor, currency),
    marginPercent,
    invoiced: money(totals.invoicedMinor, currency),
    budgetMinutes,
    loggedMinutes: totals.minutes,
    billableMinutes: totals.billableMinutes,
    estimatedMinutes: ledger.estimatedMinutes,
    burnPercent,
    estimateVariancePercent: percent(
      BigInt(totals.minutes - ledger.estimatedMinutes),
      BigInt(ledger.estimatedMinutes),
    ),
    offContractMinutes: totals.offContractMinutes ?? 0,
    atRisk: reasons.length > 0,
    riskReasons: reasons,
    forecast: null,
    updatedAt: ledger.updatedAt,
  };
}

/**
 * The figures with their forecast and every risk reason: the current ones (margin, over budget)
 * and the forecast's (burn ahead of schedule, forecast over budget, forecast margin).
 */
export function withForecast(
  figures: Financials,
  ledger: { pricingModel: PricingModel; startDate: string; endDate: string },
  facts: ForecastFacts | ForecastIndex,
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
  const index = facts instanceof ForecastIndex ? facts : new ForecastIndex(facts);
  const forecast = index.forecast(forecastLedger, asOf);
  const reasons = [
    ...figures.riskReasons,
    ...forecastRiskReasons(forecastLedger, forecast, figures.burnPercent, thresholdPercent, burnAheadPoints),
  ];
  return { ...figures, forecast, riskReasons: reasons, atRisk: reasons.length > 0 };
}
