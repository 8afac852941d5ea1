import { formatMinor } from '@platform/money';
import type { ProfitabilityReport, ReportRow } from './report';

export const CSV_COLUMNS = [
  'key',
  'label',
  'currency',
  'revenue',
  'cost',
  'margin',
  'marginPercent',
  'hours',
  'billableHours',
] as const;

/** RFC 4180: quote a field that holds a comma, quote, CR or LF, doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Hours to two decimals: a spreadsheet column, not a float dump. */
export const csvHours = (minutes: number): string => (minutes / 60).toFixed(2);

function csvLine(row: ReportRow): string {
  return [
    row.key,
    row.label,
    row.currency,
    formatMinor(row.revenueMinor, row.currency),
    formatMinor(row.costMinor, row.currency),
    formatMinor(row.marginMinor, row.currency),
    row.marginPercent === null ? '' : String(row.marginPercent),
    csvHours(row.minutes),
    csvHours(row.billableMinutes),
  ]
    .map(csvField)
    .join(',');
}

/** The report as CSV: a header, the rows, then one TOTAL row per currency. CRLF line ends. */
export function profitabilityCsv(report: ProfitabilityReport): string {
  return (
    [CSV_COLUMNS.join(','), ...report.rows.map(csvLine), ...report.totals.map(csvLine)].join('\r\n') + '\r\n'
  );
}

export const csvFileName = (report: Pick<ProfitabilityReport, 'from' | 'to' | 'groupBy'>): string =>
  `profitability-${report.from}-${report.to}-${report.groupBy}.csv`;
