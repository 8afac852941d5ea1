import { accuracyCsvFileName, estimateAccuracyCsv } from '../domain/estimate-accuracy-csv';
import { csvReportRoute } from './csv-report.route';

export const ESTIMATE_ACCURACY_CSV_PATH = '/reports/estimate-accuracy.csv';

/** GET /reports/estimate-accuracy.csv?from=…&to=…&groupBy=… — FINANCE/ADMIN and DELIVERY (decided by the query). */
export const estimateAccuracyCsvRoute = csvReportRoute({
  path: ESTIMATE_ACCURACY_CSV_PATH,
  forbiddenMessage: 'Estimate accuracy is visible to FINANCE, DELIVERY and ADMIN only',
  load: (queries, actor, raw) => queries.estimateAccuracy(actor, raw, (field) => field),
  fileName: accuracyCsvFileName,
  csv: estimateAccuracyCsv,
});
