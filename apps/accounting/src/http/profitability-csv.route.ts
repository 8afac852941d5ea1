import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '@platform/errors';
import { canSeeFinancials, type Identity } from '@platform/graphql-kit';
import type { AccountingDeps } from '../config';
import { profitabilityReport } from '../domain/figures';
import { parseReportInput } from '../domain/report';
import { csvFileName, profitabilityCsv } from '../domain/report-csv';

export const PROFITABILITY_CSV_PATH = '/reports/profitability.csv';

function sendJson(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] }));
}

/**
 * GET /reports/profitability.csv?from=…&to=…&groupBy=… — the GraphQL report as a download,
 * from the same domain function so the figures match. The gateway forwards the path with the
 * identity it verified; FINANCE/ADMIN only.
 */
export function profitabilityCsvRoute(deps: AccountingDeps) {
  return async (req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://accounting');
    if (url.pathname !== PROFITABILITY_CSV_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({ errors: [{ message: 'use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }),
      );
      return true;
    }
    if (!canSeeFinancials(identity)) {
      sendJson(res, 403, 'FORBIDDEN', 'Profitability reports are visible to FINANCE and ADMIN only');
      return true;
    }
    let input;
    try {
      input = parseReportInput(
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
    const report = await profitabilityReport(deps.dataSource.manager, input);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csvFileName(report)}"`,
      'cache-control': 'no-store',
    });
    res.end(profitabilityCsv(report));
    return true;
  };
}
