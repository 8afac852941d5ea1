import type { EntityManager } from 'typeorm';
import { applyNonNegative } from '@platform/money';
import { computeFinancials, withForecast, type Financials } from '../domain/financials';
import { DEFAULT_BURN_AHEAD_POINTS, ForecastIndex } from '../domain/forecast';
import { buildProfitabilityReport, type ProfitabilityReport, type ReportInput } from '../domain/report';
import { loadFinancialFacts, loadReportFacts } from '../repositories/figures.repository';
import { loadForecastFacts } from '../repositories/forecast.repository';

/** What the risk rules are judged against (ARCHITECTURE.md: threshold default 20, burn ahead 20). */
export interface RiskSettings {
  thresholdPercent: number;
  burnAheadPoints?: number;
}

/**
 * Financials of many engagements as of `asOf`, with their forecast: two statements whatever
 * their number (the sums over the rollups, then the forecast's facts). Engagements without a
 * ledger are absent from the result.
 */
export async function loadFinancials(
  manager: EntityManager,
  engagementIds: readonly string[],
  asOf: string,
  thresholdPercent: number,
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Promise<Financials[]> {
  const rows = await loadFinancialFacts(manager, engagementIds);
  if (rows.length === 0) return [];
  // The forecast's facts for all of them in one more statement (constant SQL per batch).
  const forecastFacts = new ForecastIndex(
    await loadForecastFacts(
      manager,
      rows.map((row) => row.ledger.engagementId),
      asOf,
    ),
  );
  return rows.map((row) => {
    const ledger = row.ledger;
    // Change orders in approval order, each stopping at 0 (applyNonNegative, the rule delivery
    // and engagement follow): the totals carry the change that actually applies.
    const value = applyNonNegative(ledger.contractValueMinor, row.changeOrderAmounts);
    const budget = applyNonNegative(ledger.budgetMinutes, row.changeOrderMinutes);
    const figures = computeFinancials(
      ledger,
      {
        minutes: row.minutes,
        billableMinutes: row.billableMinutes,
        costMinor: row.costMinor,
        billableBillMinor: row.billMinor,
        changeOrderMinor: value - ledger.contractValueMinor,
        changeOrderMinutes: budget - ledger.budgetMinutes,
        invoicedMinor: row.invoicedMinor,
        offContractMinutes: row.offContractMinutes,
      },
      asOf,
      thresholdPercent,
    );
    return withForecast(
      figures,
      { pricingModel: ledger.pricingModel, startDate: ledger.startDate, endDate: ledger.endDate },
      forecastFacts,
      asOf,
      thresholdPercent,
      burnAheadPoints,
    );
  });
}

/** The report, shared by GraphQL and the CSV route so both show the same figures. */
export async function profitabilityReport(
  manager: EntityManager,
  input: ReportInput,
): Promise<ProfitabilityReport> {
  return buildProfitabilityReport(input, await loadReportFacts(manager, input));
}
