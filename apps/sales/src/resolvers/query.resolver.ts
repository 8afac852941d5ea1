import type { Resolvers } from '../generated/resolvers';
import { salesQueries } from '../domain/sales-queries';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    client: (_, args, ctx) => ctx.loaders.client.load(args.id),
    clients: (_, _args, ctx) => salesQueries.listClients(ctx.manager),
    opportunity: (_, args, ctx) => ctx.loaders.opportunity.load(args.id),
    opportunities: (_, args, ctx) => salesQueries.listOpportunities(ctx.manager, args.stage ?? null),
    contract: (_, args, ctx) => ctx.loaders.contract.load(args.id),
  },
};
