import { holdingReasons, isAtRisk } from '../domain/engagement-rules';
import type { Resolvers, ResolversTypes } from '../generated/resolvers';

const teamMember = (id: string | null): ResolversTypes['TeamMember'] | null =>
  id ? { __typename: 'TeamMember', id } : null;

export const engagementResolvers: Pick<Resolvers, 'Engagement'> = {
  Engagement: {
    __resolveReference: (ref, ctx) => ctx.loaders.engagementById.load(ref.id),
    client: (e) => ({ __typename: 'Client', id: e.clientId }),
    contract: (e) => ({ __typename: 'Contract', id: e.contractId }),
    accountManager: (e) => teamMember(e.accountManagerId),
    deliveryOwner: (e) => teamMember(e.deliveryOwnerId),
    handoff: async (e, _args, ctx) =>
      ctx.queries.handoff(e, await ctx.loaders.handoffFactsByEngagementId.load(e.id)),
    changeOrders: (e, _args, ctx) => ctx.loaders.changeOrdersByEngagementId.load(e.id),
    review: (e, _args, ctx) => ctx.loaders.reviewByEngagementId.load(e.id),
    atRisk: async (e, _args, ctx) => {
      const alert = await ctx.loaders.marginAlertByEngagementId.load(e.id);
      return isAtRisk(alert?.raisedAt ?? null, alert?.clearedAt ?? null);
    },
    riskReasons: async (e, _args, ctx) =>
      holdingReasons(await ctx.loaders.riskSignalsByEngagementId.load(e.id)),
    budgetAlerts: async (e, _args, ctx) =>
      (await ctx.loaders.budgetAlertsByEngagementId.load(e.id)).map((a) => ({
        percent: a.percent,
        crossedAt: a.crossedAt,
      })),
  },
};
