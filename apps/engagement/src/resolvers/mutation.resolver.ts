import { notFound } from '@platform/errors';
import { actorOf, minutesFromHours, moneyFromInput } from '@platform/graphql-kit';
import { requireUuid } from '../domain/ids';
import type { Resolvers } from '../generated/resolvers';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    assignEngagementRoles: (_, { input }, ctx) =>
      ctx.commands.assignRoles(actorOf(ctx.identity), {
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
        accountManagerId: requireUuid(input.accountManagerId, 'input.accountManagerId'),
        deliveryOwnerId: requireUuid(input.deliveryOwnerId, 'input.deliveryOwnerId'),
      }),
    requestChangeOrder: (_, { input }, ctx) =>
      ctx.commands.requestChangeOrder(actorOf(ctx.identity), {
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
        description: input.description,
        amountDelta: moneyFromInput(input.amountDelta, 'input.amountDelta'),
        minutesDelta: minutesFromHours(input.hoursDelta, 'input.hoursDelta', {
          allowZero: true,
          allowNegative: true,
        }),
        scheduleDeltaDays: input.scheduleDeltaDays,
        rates: (input.rates ?? []).map((rate, i) => ({
          role: rate.role,
          billRate: moneyFromInput(rate.billRate, `input.rates.${i}.billRate`),
        })),
      }),
    decideChangeOrder: (_, args, ctx) =>
      ctx.commands.decideChangeOrder(
        actorOf(ctx.identity),
        requireUuid(args.changeOrderId, 'changeOrderId'),
        args.approve,
      ),
    submitPostImplementationReview: (_, { input }, ctx) =>
      ctx.commands.submitReview(actorOf(ctx.identity), {
        ...input,
        engagementId: requireUuid(input.engagementId, 'input.engagementId'),
      }),
    submitStatusReport: async (_, { input }, ctx) => {
      const engagementId = requireUuid(input.engagementId, 'input.engagementId');
      const engagement = await ctx.loaders.engagementById.load(engagementId);
      if (!engagement) throw notFound('Engagement', engagementId, 'input.engagementId');
      const suggested = ctx.queries.suggestedStatus(actorOf(ctx.identity), engagement, {
        signals: await ctx.loaders.riskSignalsByEngagementId.load(engagementId),
        handoffFacts: await ctx.loaders.handoffFactsByEngagementId.load(engagementId),
        changeOrders: await ctx.loaders.changeOrdersByEngagementId.load(engagementId),
        milestones: await ctx.loaders.milestonesByEngagementId.load(engagementId),
      });
      return ctx.commands.submitStatusReport(actorOf(ctx.identity), { ...input, engagementId }, suggested);
    },
    closeEngagement: (_, args, ctx) =>
      ctx.commands.close(actorOf(ctx.identity), requireUuid(args.engagementId, 'engagementId')),
  },
};
