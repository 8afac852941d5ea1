import { actorOf } from '@platform/graphql-kit';
import { isUuid, requireUuid } from '../domain/ids';
import type { Resolvers } from '../generated/resolvers';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    engagement: (_, args, ctx) =>
      isUuid(args.id) ? ctx.loaders.engagementById.load(args.id.toLowerCase()) : null,
    engagements: (_, args, ctx) => {
      const filter = args.filter ?? {};
      return ctx.queries.page(
        actorOf(ctx.identity),
        {
          status: filter.status,
          clientId: filter.clientId ? requireUuid(filter.clientId, 'filter.clientId') : null,
          deliveryOwnerId: filter.deliveryOwnerId
            ? requireUuid(filter.deliveryOwnerId, 'filter.deliveryOwnerId')
            : null,
          atRisk: filter.atRisk,
        },
        args.first,
        args.after,
      );
    },
    ownerSuggestions: async (_, args, ctx) => {
      const id = requireUuid(args.engagementId, 'engagementId');
      return ctx.queries.ownerSuggestions(await ctx.loaders.engagementById.load(id), id, args.first);
    },
    handoffReport: (_, args, ctx) => ctx.queries.handoffReport(args.from, args.to),
    portfolioHealth: (_, args, ctx) => {
      const filter = args.filter ?? {};
      const id = (value: string | null | undefined, field: string) =>
        value ? requireUuid(value, `filter.${field}`) : null;
      return ctx.queries.portfolioHealth(
        actorOf(ctx.identity),
        {
          status: filter.status,
          clientId: id(filter.clientId, 'clientId'),
          deliveryOwnerId: id(filter.deliveryOwnerId, 'deliveryOwnerId'),
          accountManagerId: id(filter.accountManagerId, 'accountManagerId'),
        },
        args.first ?? 20,
      );
    },
  },
};
