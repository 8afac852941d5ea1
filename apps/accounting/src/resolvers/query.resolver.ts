import type { Resolvers } from '../generated/resolvers';
import { actorOf } from '@platform/graphql-kit';
import { accuracyReportOutput, invoiceOutput, reportOutput, roleRateOutput } from './output';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    profitabilityReport: async (_root, args, ctx) =>
      reportOutput(
        await ctx.queries.profitabilityReport(actorOf(ctx.identity), args.input, (field) => `input.${field}`),
      ),
    invoices: async (_root, args, ctx) =>
      (await ctx.queries.invoices(actorOf(ctx.identity), args.engagementId)).map(invoiceOutput),
    // Sellers build estimates from the card and reviewers judge them by it.
    roleRates: async (_root, args, ctx) =>
      (await ctx.queries.roleRates(actorOf(ctx.identity), args.asOf)).map(roleRateOutput),
    // Hours only, no money: delivery judges estimates as much as finance does.
    estimateAccuracy: async (_root, args, ctx) =>
      accuracyReportOutput(
        await ctx.queries.estimateAccuracy(actorOf(ctx.identity), args.input, (field) => `input.${field}`),
      ),
  },
};
