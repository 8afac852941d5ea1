import type { EngagementContext } from '../context';
import type {
  AssignRolesInput,
  RequestChangeOrderInput,
  SubmitReviewInput,
} from '../application/engagement-commands';
import { requireUuid } from '../domain/ids';

export const mutationResolvers = {
  Mutation: {
    assignEngagementRoles: (_: unknown, { input }: { input: AssignRolesInput }, ctx: EngagementContext) =>
      ctx.commands.assignRoles(ctx.identity, {
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
        accountManagerId: requireUuid(input.accountManagerId, 'input.accountManagerId'),
        deliveryOwnerId: requireUuid(input.deliveryOwnerId, 'input.deliveryOwnerId'),
      }),
    requestChangeOrder: (_: unknown, { input }: { input: RequestChangeOrderInput }, ctx: EngagementContext) =>
      ctx.commands.requestChangeOrder(ctx.identity, {
        ...input,
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
      }),
    decideChangeOrder: (
      _: unknown,
      args: { changeOrderId: string; approve: boolean },
      ctx: EngagementContext,
    ) =>
      ctx.commands.decideChangeOrder(
        ctx.identity,
        requireUuid(args.changeOrderId, 'changeOrderId'),
        args.approve,
      ),
    submitPostImplementationReview: (
      _: unknown,
      { input }: { input: SubmitReviewInput },
      ctx: EngagementContext,
    ) =>
      ctx.commands.submitReview(ctx.identity, {
        ...input,
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
      }),
    closeEngagement: (_: unknown, args: { engagementId: string }, ctx: EngagementContext) =>
      ctx.commands.close(ctx.identity, requireUuid(args.engagementId, 'engagementId')),
  },
};
