import { hoursFromFifths } from '@platform/events';
import { variancePercent, type AccuracyReport, type RoleActual } from '../domain/estimate-accuracy';
import type { RoleRate } from '../domain/role-rates';
import { hoursFromMinutes } from '@platform/graphql-kit';
import { money, toMoneyOutput } from '@platform/money';
import type { Financials } from '../domain/financials';
import type { Invoice } from '../domain/invoices';
import type { MemberRate } from '../domain/member-rates';
import type { ProfitabilityReport, ReportRow } from '../domain/report';

/** Domain values to the schema's shapes (Money as Decimal strings, hours from minutes). */
export const financialsOutput = (f: Financials) => ({
  contractValue: toMoneyOutput(f.contractValue),
  changeOrderValue: toMoneyOutput(f.changeOrderValue),
  revenue: toMoneyOutput(f.revenue),
  cost: toMoneyOutput(f.cost),
  margin: toMoneyOutput(f.margin),
  marginPercent: f.marginPercent,
  invoiced: toMoneyOutput(f.invoiced),
  budgetHours: hoursFromMinutes(f.budgetMinutes),
  loggedHours: hoursFromMinutes(f.loggedMinutes),
  billableHours: hoursFromMinutes(f.billableMinutes),
  estimatedHours: hoursFromMinutes(f.estimatedMinutes),
  burnPercent: f.burnPercent,
  estimateVariancePercent: f.estimateVariancePercent,
  offContractHours: hoursFromMinutes(f.offContractMinutes),
  atRisk: f.atRisk,
  riskReasons: f.riskReasons,
  forecast: forecastOutput(f),
  updatedAt: f.updatedAt,
});

/** Hours from fifths of a minute; money in the engagement's currency. */
const forecastOutput = (f: Financials) => {
  const currency = f.revenue.currency;
  const forecast = f.forecast;
  if (!forecast) throw new Error(`financials of ${f.engagementId} were loaded without their forecast`);
  return {
    remainingHours: hoursFromFifths(forecast.remainingFifths),
    eacHours: hoursFromFifths(forecast.eacFifths),
    eacCost: toMoneyOutput(money(forecast.eacCostMinor, currency)),
    revenue: toMoneyOutput(money(forecast.revenueMinor, currency)),
    margin: toMoneyOutput(money(forecast.marginMinor, currency)),
    marginPercent: forecast.marginPercent,
    scheduleElapsedPercent: forecast.scheduleElapsedPercent,
  };
};
export const roleRateOutput = (r: RoleRate) => ({
  role: r.role,
  costRate: toMoneyOutput(r.costRate),
  billRate: toMoneyOutput(r.billRate),
  effectiveFrom: r.effectiveFrom,
});

export const rateOutput = (r: MemberRate) => ({
  costRate: toMoneyOutput(r.costRate),
  billRate: toMoneyOutput(r.billRate),
  effectiveFrom: r.effectiveFrom,
});

export type InvoiceOutput = ReturnType<typeof invoiceOutput>;

export const invoiceOutput = (i: Invoice) => ({
  id: i.id,
  engagementId: i.engagementId,
  amount: toMoneyOutput(i.amount),
  issuedAt: i.issuedAt,
  reason: i.reason,
});

const rowOutput = (row: ReportRow) => ({
  key: row.key,
  label: row.label,
  currency: row.currency,
  revenue: toMoneyOutput(money(row.revenueMinor, row.currency)),
  cost: toMoneyOutput(money(row.costMinor, row.currency)),
  margin: toMoneyOutput(money(row.marginMinor, row.currency)),
  marginPercent: row.marginPercent,
  hours: hoursFromMinutes(row.minutes),
  billableHours: hoursFromMinutes(row.billableMinutes),
});

export const reportOutput = (report: ProfitabilityReport) => ({
  from: report.from,
  to: report.to,
  groupBy: report.groupBy,
  rows: report.rows.map(rowOutput),
  totals: report.totals.map(rowOutput),
});

export const roleAccuracyOutput = (r: RoleActual) => ({
  role: r.role,
  estimatedHours: hoursFromMinutes(r.estimatedMinutes),
  actualHours: hoursFromMinutes(r.actualMinutes),
  variancePercent: variancePercent(r.estimatedMinutes, r.actualMinutes),
});

export const accuracyReportOutput = (report: AccuracyReport) => ({
  from: report.from,
  to: report.to,
  groupBy: report.groupBy,
  rows: report.rows.map((row) => ({
    key: row.key,
    label: row.label,
    engagements: row.engagements,
    estimatedHours: hoursFromMinutes(row.estimatedMinutes),
    actualHours: hoursFromMinutes(row.actualMinutes),
    variancePercent: row.variancePercent,
    medianVariancePercent: row.medianVariancePercent,
    p80VariancePercent: row.p80VariancePercent,
    samples: row.samples,
  })),
});
