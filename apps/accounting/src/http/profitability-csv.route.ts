import { canSeeFinancials } from '@platform/graphql-kit';
import { profitabilityReport } from '../domain/figures';
import { parseReportInput } from '../domain/report';
import { csvFileName, profitabilityCsv } from '../domain/report-csv';
import { csvReportRoute } from './csv-report.route';

export const PROFITABILITY_CSV_PATH = '/reports/profitability.csv';

/** GET /reports/profitability.csv?from=…&to=…&groupBy=… — FINANCE/ADMIN only. */
export const profitabilityCsvRoute = csvReportRoute({
  path: PROFITABILITY_CSV_PATH,
  mayRead: canSeeFinancials,
  forbiddenMessage: 'Profitability reports are visible to FINANCE and ADMIN only',
  parse: (raw) => parseReportInput(raw, (field) => field),
  load: profitabilityReport,
  fileName: csvFileName,
  csv: profitabilityCsv,
});
