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

/** A plain decimal such as "-12.50": a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * CSV injection (OWASP "CSV Injection"): a cell that starts with =, +, -, @, tab or CR is run as
 * a formula by Excel and LibreOffice, so a client named "=HYPERLINK(...)" would become one. Such
 * a cell gets a leading single quote, which spreadsheets show as text. Plain numbers, negative
 * ones included, stay numbers.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * One CSV cell: neutralised against formulas, then quoted as RFC 4180 asks when it holds a
 * comma, quote, CR or LF (inner quotes doubled).
 */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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
