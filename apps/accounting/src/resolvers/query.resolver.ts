import { requireRole } from '@platform/graphql-kit';
import type { AccountingContext } from '../context';
import { profitabilityReport } from '../domain/figures';
import { listInvoices } from '../domain/invoices';
import { parseReportInput } from '../domain/report';
import { invoiceOutput, reportOutput } from './output';

export const queryResolvers = {
  Query: {
    profitabilityReport: async (
      _root: unknown,
      args: { input: { from: string; to: string; groupBy: string } },
      ctx: AccountingContext,
    ) => {
      requireRole(ctx.identity, 'FINANCE');
      const input = parseReportInput(args.input, (field) => `input.${field}`);
      return reportOutput(await profitabilityReport(ctx.deps.dataSource.manager, input));
    },
    invoices: async (_root: unknown, args: { engagementId: string }, ctx: AccountingContext) => {
      requireRole(ctx.identity, 'FINANCE');
      const invoices = await listInvoices(ctx.deps.dataSource.manager, [args.engagementId]);
      return invoices.map(invoiceOutput);
    },
  },
};
