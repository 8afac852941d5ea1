import { actorOf } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    createClient: (_, args, ctx) => ctx.clients.create(actorOf(ctx.identity), args.input),
    createOpportunity: (_, args, ctx) => ctx.opportunities.create(actorOf(ctx.identity), args.input),
    setEstimate: (_, args, ctx) => ctx.opportunities.setEstimate(actorOf(ctx.identity), args.input),
    submitForReview: (_, args, ctx) =>
      ctx.opportunities.submitForReview(actorOf(ctx.identity), args.opportunityId),
    reviewOpportunity: (_, args, ctx) => ctx.opportunities.review(actorOf(ctx.identity), args.input),
    signContract: (_, args, ctx) => ctx.opportunities.sign(actorOf(ctx.identity), args.opportunityId),
    markOpportunityLost: (_, args, ctx) =>
      ctx.opportunities.markLost(actorOf(ctx.identity), args.opportunityId, args.reason),
  },
};
