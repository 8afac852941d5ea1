import type { EngagementContext } from '../context';
import { isUuid, requireUuid } from '../domain/ids';
import type { EngagementStatus } from '../entities';

interface EngagementsArgs {
  filter?: {
    status?: EngagementStatus | null;
    clientId?: string | null;
    deliveryOwnerId?: string | null;
    atRisk?: boolean | null;
  } | null;
  first: number;
  after?: string | null;
}

export const queryResolvers = {
  Query: {
    engagement: (_: unknown, args: { id: string }, ctx: EngagementContext) =>
      isUuid(args.id) ? ctx.loaders.engagementById.load(args.id.toLowerCase()) : null,
    engagements: (_: unknown, args: EngagementsArgs, ctx: EngagementContext) => {
      const filter = args.filter ?? {};
      return ctx.queries.page(
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
    ownerSuggestions: async (
      _: unknown,
      args: { engagementId: string; first: number },
      ctx: EngagementContext,
    ) => {
      const id = requireUuid(args.engagementId, 'engagementId');
      return ctx.queries.ownerSuggestions(await ctx.loaders.engagementById.load(id), id, args.first);
    },
    handoffReport: (_: unknown, args: { from: string; to: string }, ctx: EngagementContext) =>
      ctx.queries.handoffReport(args.from, args.to),
  },
};
