import type { EngagementContext } from '../context';
import type { HandoffView } from '../domain/handoff';
import { isAtRisk } from '../domain/engagement-rules';
import type { ChangeOrderEntity, EngagementEntity, PostImplementationReviewEntity } from '../entities';

const teamMember = (id: string | null) => (id ? { __typename: 'TeamMember' as const, id } : null);

export const engagementResolvers = {
  Engagement: {
    __resolveReference: (ref: { id: string }, ctx: EngagementContext): Promise<EngagementEntity | null> =>
      ctx.loaders.engagementById.load(ref.id),
    client: (e: EngagementEntity) => ({ __typename: 'Client', id: e.clientId }),
    contract: (e: EngagementEntity) => ({ __typename: 'Contract', id: e.contractId }),
    accountManager: (e: EngagementEntity) => teamMember(e.accountManagerId),
    deliveryOwner: (e: EngagementEntity) => teamMember(e.deliveryOwnerId),
    handoff: async (e: EngagementEntity, _args: unknown, ctx: EngagementContext): Promise<HandoffView> =>
      ctx.queries.handoff(e, await ctx.loaders.handoffFactsByEngagementId.load(e.id)),
    changeOrders: (
      e: EngagementEntity,
      _args: unknown,
      ctx: EngagementContext,
    ): Promise<ChangeOrderEntity[]> => ctx.loaders.changeOrdersByEngagementId.load(e.id),
    review: (
      e: EngagementEntity,
      _args: unknown,
      ctx: EngagementContext,
    ): Promise<PostImplementationReviewEntity | null> => ctx.loaders.reviewByEngagementId.load(e.id),
    atRisk: async (e: EngagementEntity, _args: unknown, ctx: EngagementContext): Promise<boolean> => {
      const alert = await ctx.loaders.marginAlertByEngagementId.load(e.id);
      return isAtRisk(alert?.raisedAt ?? null, alert?.clearedAt ?? null);
    },
  },
};
