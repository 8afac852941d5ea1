import type { Resolvers } from '../generated/resolvers';
import { badInput } from '@platform/errors';
import { requireRole } from '@platform/graphql-kit';
import { estimateAccuracyReport } from '../application/estimate-accuracy.queries';
import { roleRatesInForce } from '../application/role-rate.commands';
import { isCalendarDate, utcDate } from '../domain/dates';
import { profitabilityReport } from '../domain/figures';
import { listInvoices } from '../domain/invoices';
import { parseAccuracyInput } from '../domain/estimate-accuracy';
import { parseReportInput } from '../domain/report';
import { accuracyReportOutput, invoiceOutput, reportOutput, roleRateOutput } from './output';

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
    // Sellers build estimates from the card and reviewers judge them by it.
    roleRates: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE', 'SALES', 'DELIVERY');
      const asOf = args.asOf ?? utcDate(new Date());
      if (!isCalendarDate(asOf)) throw badInput('asOf', 'asOf must be a date');
      return (await roleRatesInForce(ctx.deps.dataSource, asOf)).map(roleRateOutput);
    },
    // Hours only, no money: delivery judges estimates as much as finance does.
    estimateAccuracy: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE', 'DELIVERY');
      const input = parseAccuracyInput(args.input, (field) => `input.${field}`);
      return accuracyReportOutput(await estimateAccuracyReport(ctx.deps.dataSource.manager, input));
    },
  },
};
