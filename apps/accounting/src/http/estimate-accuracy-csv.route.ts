import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '@platform/errors';
import { hasRole, type Identity } from '@platform/graphql-kit';
import type { AccountingDeps } from '../config';
import { estimateAccuracyReport } from '../application/estimate-accuracy.queries';
import { parseAccuracyInput } from '../domain/estimate-accuracy';
import { accuracyCsvFileName, estimateAccuracyCsv } from '../domain/estimate-accuracy-csv';

export const ESTIMATE_ACCURACY_CSV_PATH = '/reports/estimate-accuracy.csv';

function sendJson(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] }));
}

/**
 * GET /reports/estimate-accuracy.csv?from=…&to=…&groupBy=… — the estimateAccuracy query as a
 * download, from the same function so the figures match. FINANCE/ADMIN and DELIVERY.
 */
export function estimateAccuracyCsvRoute(deps: AccountingDeps) {
  return async (req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://accounting');
    if (url.pathname !== ESTIMATE_ACCURACY_CSV_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({ errors: [{ message: 'use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }),
      );
      return true;
    }
    if (!hasRole(identity, 'FINANCE', 'DELIVERY')) {
      sendJson(res, 403, 'FORBIDDEN', 'Estimate accuracy is visible to FINANCE, DELIVERY and ADMIN only');
      return true;
    }
    let input;
    try {
      input = parseAccuracyInput(
        {
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          groupBy: url.searchParams.get('groupBy'),
        },
        (field) => field,
      );
    } catch (error) {
      if (error instanceof DomainError) {
        sendJson(res, 400, error.code, error.message, error.field);
        return true;
      }
      throw error;
    }
    const report = await estimateAccuracyReport(deps.dataSource.manager, input);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${accuracyCsvFileName(report)}"`,
      'cache-control': 'no-store',
    });
    res.end(estimateAccuracyCsv(report));
    return true;
  };
}

/** Both report downloads: the first route that claims the path answers. */
export function reportRoutes(
  ...routes: Array<
    (
      deps: AccountingDeps,
    ) => (req: IncomingMessage, res: ServerResponse, identity: Identity) => Promise<boolean>
  >
) {
  return (deps: AccountingDeps) => {
    const handlers = routes.map((route) => route(deps));
    return async (req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<boolean> => {
      for (const handle of handlers) if (await handle(req, res, identity)) return true;
      return false;
    };
  };
}
