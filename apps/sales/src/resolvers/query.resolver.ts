import type { SalesContext } from '../context';
import { salesQueries } from '../domain/sales-queries';
import type { OpportunityStage } from '../domain/sales-types';

export const queryResolvers = {
  Query: {
    client: (_: unknown, args: { id: string }, ctx: SalesContext) => ctx.loaders.client.load(args.id),
    clients: (_: unknown, _args: unknown, ctx: SalesContext) => salesQueries.listClients(ctx.manager),
    opportunity: (_: unknown, args: { id: string }, ctx: SalesContext) =>
      ctx.loaders.opportunity.load(args.id),
    opportunities: (_: unknown, args: { stage?: OpportunityStage | null }, ctx: SalesContext) =>
      salesQueries.listOpportunities(ctx.manager, args.stage ?? null),
    contract: (_: unknown, args: { id: string }, ctx: SalesContext) => ctx.loaders.contract.load(args.id),
  },
};
