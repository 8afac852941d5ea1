import { csvFileName, profitabilityCsv } from '../domain/report-csv';
import { csvReportRoute } from './csv-report.route';

export const PROFITABILITY_CSV_PATH = '/reports/profitability.csv';

/** GET /reports/profitability.csv?from=…&to=…&groupBy=… — FINANCE/ADMIN only (decided by the query). */
export const profitabilityCsvRoute = csvReportRoute({
  path: PROFITABILITY_CSV_PATH,
  forbiddenMessage: 'Profitability reports are visible to FINANCE and ADMIN only',
  load: (queries, actor, raw) => queries.profitabilityReport(actor, raw, (field) => field),
  fileName: csvFileName,
  csv: profitabilityCsv,
});
