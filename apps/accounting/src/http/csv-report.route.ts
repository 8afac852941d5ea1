import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@platform/domain-kit';
import { DomainError } from '@platform/errors';
import { actorOf, type Identity } from '@platform/graphql-kit';
import { AccountingQueries, type RawReportInput } from '../application/accounting.queries';
import { riskSettings, type AccountingDeps } from '../config';
import { createLoaders } from '../loaders/accounting.loader';

export type ReportRoute = (req: IncomingMessage, res: ServerResponse, identity: Identity) => Promise<boolean>;

/**
 * What one CSV download is: its path and the application query it serves (which decides who
 * may read it and parses `from`, `to` and `groupBy` as the GraphQL query does, errors naming
 * the bare parameter), and the text a refusal shows.
 */
export interface CsvReport<Report> {
  path: string;
  forbiddenMessage: string;
  load: (queries: AccountingQueries, actor: Actor, raw: RawReportInput) => Promise<Report>;
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
export function csvReportRoute<Report>(report: CsvReport<Report>) {
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
      const manager = deps.dataSource.manager;
      const queries = new AccountingQueries(manager, createLoaders(manager, riskSettings(deps)));
      let figures: Report;
      try {
        figures = await report.load(queries, actorOf(identity), {
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          groupBy: url.searchParams.get('groupBy'),
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'FORBIDDEN') {
          sendJson(res, 403, 'FORBIDDEN', report.forbiddenMessage);
          return true;
        }
        if (error instanceof DomainError) {
          sendJson(res, 400, error.code, error.message, error.field);
          return true;
        }
        throw error;
      }
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
