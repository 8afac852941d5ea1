import { actorOf } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    createClient: (_, args, ctx) => ctx.commands.clients.create(actorOf(ctx.identity), args.input),
    createOpportunity: (_, args, ctx) => ctx.commands.opportunities.create(actorOf(ctx.identity), args.input),
    setEstimate: (_, args, ctx) => ctx.commands.opportunities.setEstimate(actorOf(ctx.identity), args.input),
    submitForReview: (_, args, ctx) =>
      ctx.commands.opportunities.submitForReview(actorOf(ctx.identity), args.opportunityId),
    reviewOpportunity: (_, args, ctx) => ctx.commands.opportunities.review(actorOf(ctx.identity), args.input),
    signContract: (_, args, ctx) =>
      ctx.commands.opportunities.sign(actorOf(ctx.identity), args.opportunityId),
    markOpportunityLost: (_, args, ctx) =>
      ctx.commands.opportunities.markLost(actorOf(ctx.identity), args.opportunityId, args.reason),
  },
};
