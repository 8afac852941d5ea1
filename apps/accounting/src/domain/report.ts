import { badInput } from '@platform/errors';
import { applyNonNegative, percent } from '@platform/money';
import {
  addDays,
  daysBetween,
  isCalendarDate,
  monthEnd,
  monthSegments,
  monthStart,
} from '@platform/domain-kit';
import type { LedgerFacts } from './financials';
import { fixedFeeRevenue, retainerRevenue } from './recognition';

export const GROUP_BYS = ['ENGAGEMENT', 'CLIENT', 'DELIVERY_OWNER', 'ACCOUNT_MANAGER', 'MONTH'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Longest period one report may cover: three years, leap day included. */
export const MAX_REPORT_DAYS = 3 * 366;

export interface ReportInput {
  from: string;
  to: string;
  groupBy: GroupBy;
}

/**
 * Validates a report request before anything runs. `field` maps a parameter to the name the
 * caller used (`input.to` in GraphQL, `to` in the CSV query string).
 */
export function parseReportInput(
  raw: { from: unknown; to: unknown; groupBy: unknown },
  field: (name: 'from' | 'to' | 'groupBy') => string,
): ReportInput {
  if (!isCalendarDate(raw.from)) throw badInput(field('from'), 'from must be a date "YYYY-MM-DD"');
  if (!isCalendarDate(raw.to)) throw badInput(field('to'), 'to must be a date "YYYY-MM-DD"');
  if (raw.to < raw.from) throw badInput(field('to'), 'to must not be before from');
  if (daysBetween(raw.from, raw.to) >= MAX_REPORT_DAYS) {
    throw badInput(field('to'), 'a report covers at most 3 years');
  }
  if (typeof raw.groupBy !== 'string' || !(GROUP_BYS as readonly string[]).includes(raw.groupBy)) {
    throw badInput(field('groupBy'), `groupBy must be one of ${GROUP_BYS.join(', ')}`);
  }
  return { from: raw.from, to: raw.to, groupBy: raw.groupBy as GroupBy };
}

export interface PeriodSums {
  minutes: number;
  billableMinutes: number;
  costMinor: bigint;
  /** Bill amounts of billable entries only. */
  billMinor: bigint;
}

export interface ReportChangeOrder {
  approvedOn: string;
  amountMinor: bigint;
  minutes: number;
}

/** The ledger facts a report row needs (the loader reads no more). */
export type ReportLedger = Pick<
  LedgerFacts,
  | 'engagementId'
  | 'name'
  | 'clientId'
  | 'pricingModel'
  | 'currency'
  | 'contractValueMinor'
  | 'budgetMinutes'
  | 'startDate'
  | 'endDate'
  | 'accountManagerId'
  | 'deliveryOwnerId'
>;

/** What the report needs of one engagement; the loader fills it from the rollups. */
export interface ReportEngagementFacts {
  ledger: ReportLedger;
  clientLabel: string;
  accountManagerName: string | null;
  deliveryOwnerName: string | null;
  /** Σ minutes of entries dated before `from` (FIXED_FEE only; percentage of completion). */
  minutesBeforeFrom: number;
  /** Change orders in the engagement's currency approved on or before `to`. */
  /** Oldest approval first. */
  changeOrders: ReportChangeOrder[];
  /**
   * Σ of entries dated in the period, per "YYYY-MM". Only MONTH grouping needs them apart:
   * for the others the loader may hand one bucket for the whole period (any key).
   */
  months: ReadonlyMap<string, PeriodSums>;
}

export interface ReportRow {
  key: string;
  label: string;
  currency: string;
  revenueMinor: bigint;
  costMinor: bigint;
  marginMinor: bigint;
  marginPercent: number | null;
  minutes: number;
  billableMinutes: number;
}

export interface ProfitabilityReport extends ReportInput {
  rows: ReportRow[];
  /** One per currency; currencies are never summed together. */
  totals: ReportRow[];
}

const NO_SUMS: PeriodSums = { minutes: 0, billableMinutes: 0, costMinor: 0n, billMinor: 0n };
const UNASSIGNED = { key: 'UNASSIGNED', label: 'Unassigned' };

function groupOf(
  facts: ReportEngagementFacts,
  groupBy: GroupBy,
  month: string,
): { key: string; label: string } {
  const { ledger } = facts;
  switch (groupBy) {
    case 'ENGAGEMENT':
      return { key: ledger.engagementId, label: ledger.name };
    case 'CLIENT':
      return { key: ledger.clientId, label: facts.clientLabel };
    case 'DELIVERY_OWNER':
      return ledger.deliveryOwnerId === null
        ? UNASSIGNED
        : { key: ledger.deliveryOwnerId, label: facts.deliveryOwnerName ?? ledger.deliveryOwnerId };
    case 'ACCOUNT_MANAGER':
      return ledger.accountManagerId === null
        ? UNASSIGNED
        : { key: ledger.accountManagerId, label: facts.accountManagerName ?? ledger.accountManagerId };
    case 'MONTH':
      return { key: month, label: month };
  }
}

/**
 * Cumulative recognized revenue at `asOf` for the models whose figure depends on the date
 * alone (FIXED_FEE with the minutes logged up to that date, RETAINER); T&M is summed directly.
 */
function cumulativeRevenue(facts: ReportEngagementFacts, asOf: string, loggedMinutes: number): bigint {
  const { ledger } = facts;
  if (ledger.pricingModel === 'RETAINER') {
    return retainerRevenue(ledger.contractValueMinor, ledger.startDate, ledger.endDate, asOf);
  }
  // facts.changeOrders are in approval order; each stops at 0 (applyNonNegative, one rule everywhere).
  const approved = facts.changeOrders.filter((co) => co.approvedOn <= asOf);
  return fixedFeeRevenue(
    applyNonNegative(
      ledger.contractValueMinor,
      approved.map((co) => co.amountMinor),
    ),
    applyNonNegative(
      ledger.budgetMinutes,
      approved.map((co) => co.minutes),
    ),
    loggedMinutes,
  );
}

export function emptyRow(key: string, label: string, currency: string): ReportRow {
  return {
    key,
    label,
    currency,
    revenueMinor: 0n,
    costMinor: 0n,
    marginMinor: 0n,
    marginPercent: null,
    minutes: 0,
    billableMinutes: 0,
  };
}

function add(row: ReportRow, revenueMinor: bigint, sums: PeriodSums): void {
  row.revenueMinor += revenueMinor;
  row.costMinor += sums.costMinor;
  row.minutes += sums.minutes;
  row.billableMinutes += sums.billableMinutes;
}

function sumAll(months: ReadonlyMap<string, PeriodSums>): PeriodSums {
  let total = NO_SUMS;
  for (const sums of months.values()) {
    total = {
      minutes: total.minutes + sums.minutes,
      billableMinutes: total.billableMinutes + sums.billableMinutes,
      costMinor: total.costMinor + sums.costMinor,
      billMinor: total.billMinor + sums.billMinor,
    };
  }
  return total;
}

function finish(row: ReportRow): ReportRow {
  const marginMinor = row.revenueMinor - row.costMinor;
  return { ...row, marginMinor, marginPercent: percent(marginMinor, row.revenueMinor) };
}

const byLabel = (a: ReportRow, b: ReportRow): number =>
  a.label.localeCompare(b.label, 'en') ||
  a.key.localeCompare(b.key, 'en') ||
  a.currency.localeCompare(b.currency, 'en');

/**
 * The profitability report for [from, to]: cost and hours of the entries dated in the period;
 * recognized revenue = cumulative figure at the end minus the cumulative figure the day before
 * the start, applied per calendar month clipped to the period (so MONTH rows add up to the
 * other groupings). One row per (group, currency); totals per currency.
 */
export function buildProfitabilityReport(
  input: ReportInput,
  engagements: readonly ReportEngagementFacts[],
): ProfitabilityReport {
  // Revenue telescopes (Σ over months of cum(end) − cum(start − 1) = cum(to) − cum(from − 1)),
  // so groupings other than MONTH take the whole period as one segment.
  const segments =
    input.groupBy === 'MONTH'
      ? monthSegments(input.from, input.to)
      : [{ month: '', from: input.from, to: input.to }];
  const rows = new Map<string, ReportRow>();
  const totals = new Map<string, ReportRow>();
  const dayBefore = addDays(input.from, -1);
  for (const facts of engagements) {
    const { currency, pricingModel } = facts.ledger;
    let logged = facts.minutesBeforeFrom;
    let cumulativeBefore =
      pricingModel === 'TIME_AND_MATERIALS' ? 0n : cumulativeRevenue(facts, dayBefore, logged);
    const whole = input.groupBy === 'MONTH' ? null : sumAll(facts.months);
    for (const segment of segments) {
      const sums = whole ?? facts.months.get(segment.month) ?? NO_SUMS;
      logged += sums.minutes;
      let revenueMinor: bigint;
      if (pricingModel === 'TIME_AND_MATERIALS') {
        revenueMinor = sums.billMinor;
      } else {
        const cumulativeAtEnd = cumulativeRevenue(facts, segment.to, logged);
        revenueMinor = cumulativeAtEnd - cumulativeBefore;
        cumulativeBefore = cumulativeAtEnd;
      }
      if (revenueMinor === 0n && sums.costMinor === 0n && sums.minutes === 0) continue;
      const group = groupOf(facts, input.groupBy, segment.month);
      const rowKey = `${group.key}\u0000${currency}`;
      const row = rows.get(rowKey) ?? emptyRow(group.key, group.label, currency);
      rows.set(rowKey, row);
      add(row, revenueMinor, sums);
      const total = totals.get(currency) ?? emptyRow('TOTAL', 'Total', currency);
      totals.set(currency, total);
      add(total, revenueMinor, sums);
    }
  }
  return {
    ...input,
    rows: [...rows.values()].map(finish).sort(byLabel),
    totals: [...totals.values()].map(finish).sort((a, b) => a.currency.localeCompare(b.currency, 'en')),
  };
}

/**
 * How [from, to] splits between the grains: whole calendar months come from the monthly
 * rollup, the partial months at either edge from the daily one. Null ranges are empty.
 */
export function periodPlan(from: string, to: string) {
  const firstFull = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
  const lastFullMonth = to === monthEnd(to) ? monthStart(to) : monthStart(addDays(monthStart(to), -1));
  if (firstFull > lastFullMonth) {
    return { months: null, head: [from, to] as const, tail: null };
  }
  const afterFull = addDays(monthEnd(lastFullMonth), 1);
  return {
    months: [firstFull, lastFullMonth] as const,
    head: from < firstFull ? ([from, addDays(firstFull, -1)] as const) : null,
    tail: afterFull <= to ? ([afterFull, to] as const) : null,
  };
}
