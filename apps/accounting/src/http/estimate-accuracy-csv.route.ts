import { hasRole } from '@platform/graphql-kit';
import { estimateAccuracyReport } from '../application/estimate-accuracy.queries';
import { parseAccuracyInput } from '../domain/estimate-accuracy';
import { accuracyCsvFileName, estimateAccuracyCsv } from '../domain/estimate-accuracy-csv';
import { csvReportRoute } from './csv-report.route';

export const ESTIMATE_ACCURACY_CSV_PATH = '/reports/estimate-accuracy.csv';

/** GET /reports/estimate-accuracy.csv?from=…&to=…&groupBy=… — FINANCE/ADMIN and DELIVERY. */
export const estimateAccuracyCsvRoute = csvReportRoute({
  path: ESTIMATE_ACCURACY_CSV_PATH,
  mayRead: (identity) => hasRole(identity, 'FINANCE', 'DELIVERY'),
  forbiddenMessage: 'Estimate accuracy is visible to FINANCE, DELIVERY and ADMIN only',
  parse: (raw) => parseAccuracyInput(raw, (field) => field),
  load: estimateAccuracyReport,
  fileName: accuracyCsvFileName,
  csv: estimateAccuracyCsv,
});
