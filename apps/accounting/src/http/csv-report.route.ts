import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@platform/errors';
import type { Identity } from '@platform/graphql-kit';
import type { AccountingDeps } from '../config';

export type ReportRoute = (req: IncomingMessage, res: ServerResponse, identity: Identity) => Promise<boolean>;

/** What one CSV download is: its path, who may read it, and the report it serves. */
export interface CsvReport<Input, Report> {
  path: string;
  mayRead: (identity: Identity) => boolean;
  forbiddenMessage: string;
  /** Parses `from`, `to` and `groupBy` as the GraphQL query does (DomainError naming the field). */
  parse: (raw: { from: string | null; to: string | null; groupBy: string | null }) => Input;
  load: (manager: EntityManager, input: Input) => Promise<Report>;
  fileName: (report: Report) => string;
  csv: (report: Report) => string;
}

function sendJson(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] }));
}

/**
 * GET <path>?from=…&to=…&groupBy=… — a GraphQL report as a download, from the same functions so
 * the figures match. The gateway forwards the path with the identity it verified.
 */
export function csvReportRoute<Input, Report>(report: CsvReport<Input, Report>) {
  return (deps: AccountingDeps): ReportRoute =>
    async (req, res, identity) => {
      const url = new URL(req.url ?? '/', 'http://accounting');
      if (url.pathname !== report.path) return false;
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET', 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({ errors: [{ message: 'use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }),
        );
        return true;
      }
      if (!report.mayRead(identity)) {
        sendJson(res, 403, 'FORBIDDEN', report.forbiddenMessage);
        return true;
      }
      let input: Input;
      try {
        input = report.parse({
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          groupBy: url.searchParams.get('groupBy'),
        });
      } catch (error) {
        if (error instanceof DomainError) {
          sendJson(res, 400, error.code, error.message, error.field);
          return true;
        }
        throw error;
      }
      const figures = await report.load(deps.dataSource.manager, input);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${report.fileName(figures)}"`,
        'cache-control': 'no-store',
      });
      res.end(report.csv(figures));
      return true;
    };
}

/** Several report downloads: the first route that claims the path answers. */
export function reportRoutes(...routes: Array<(deps: AccountingDeps) => ReportRoute>) {
  return (deps: AccountingDeps): ReportRoute => {
    const handlers = routes.map((route) => route(deps));
    return async (req, res, identity) => {
      for (const handle of handlers) if (await handle(req, res, identity)) return true;
      return false;
    };
  };
}
