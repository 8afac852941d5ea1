import type { AccuracyReport, AccuracyRow } from './estimate-accuracy';
import { csvField, csvHours } from './report-csv';

export const ACCURACY_CSV_COLUMNS = [
  'key',
  'label',
  'engagements',
  'estimatedHours',
  'actualHours',
  'variancePercent',
  'medianVariancePercent',
  'p80VariancePercent',
  'samples',
] as const;

const percentCell = (value: number | null): string => (value === null ? '' : String(value));

function csvLine(row: AccuracyRow): string {
  return [
    row.key,
    row.label,
    String(row.engagements),
    csvHours(row.estimatedMinutes),
    csvHours(row.actualMinutes),
    percentCell(row.variancePercent),
    percentCell(row.medianVariancePercent),
    percentCell(row.p80VariancePercent),
    String(row.samples),
  ]
    .map(csvField)
    .join(',');
}

/** The report as CSV, cells written as the profitability CSV writes them. CRLF line ends. */
export function estimateAccuracyCsv(report: AccuracyReport): string {
  return [ACCURACY_CSV_COLUMNS.join(','), ...report.rows.map(csvLine)].join('\r\n') + '\r\n';
}

export const accuracyCsvFileName = (report: Pick<AccuracyReport, 'from' | 'to' | 'groupBy'>): string =>
  `estimate-accuracy-${report.from}-${report.to}-${report.groupBy}.csv`;
