import type { Resolvers } from '../generated/resolvers';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    createClient: (_, args, ctx) => ctx.clients.create(ctx.identity, args.input),
    createOpportunity: (_, args, ctx) => ctx.opportunities.create(ctx.identity, args.input),
    setEstimate: (_, args, ctx) => ctx.opportunities.setEstimate(ctx.identity, args.input),
    submitForReview: (_, args, ctx) => ctx.opportunities.submitForReview(ctx.identity, args.opportunityId),
    reviewOpportunity: (_, args, ctx) => ctx.opportunities.review(ctx.identity, args.input),
    signContract: (_, args, ctx) => ctx.opportunities.sign(ctx.identity, args.opportunityId),
    markOpportunityLost: (_, args, ctx) =>
      ctx.opportunities.markLost(ctx.identity, args.opportunityId, args.reason),
  },
};
