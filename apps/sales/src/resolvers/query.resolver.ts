import type { Resolvers } from '../generated/resolvers';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    client: (_, args, ctx) => ctx.loaders.client.load(args.id),
    clients: (_, _args, ctx) => ctx.queries.clients(),
    opportunity: (_, args, ctx) => ctx.loaders.opportunity.load(args.id),
    opportunities: (_, args, ctx) => ctx.queries.opportunities(args.stage ?? null),
    contract: (_, args, ctx) => ctx.loaders.contract.load(args.id),
  },
};
