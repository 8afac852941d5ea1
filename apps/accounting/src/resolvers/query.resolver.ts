import type { Resolvers } from '../generated/resolvers';
import { requireRole } from '@platform/graphql-kit';
import { profitabilityReport } from '../domain/figures';
import { listInvoices } from '../domain/invoices';
import { parseReportInput } from '../domain/report';
import { invoiceOutput, reportOutput } from './output';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    profitabilityReport: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE');
      const input = parseReportInput(args.input, (field) => `input.${field}`);
      return reportOutput(await profitabilityReport(ctx.reads, input));
    },
    invoices: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE');
      const invoices = await listInvoices(ctx.reads, [args.engagementId]);
      return invoices.map(invoiceOutput);
    },
  },
};
