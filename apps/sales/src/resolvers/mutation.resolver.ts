import type { SalesContext } from '../context';
import type { CreateClientInput } from '../domain/clients';
import type {
  CreateOpportunityInput,
  ReviewOpportunityInput,
  SetEstimateInput,
} from '../domain/opportunities';

export const mutationResolvers = {
  Mutation: {
    createClient: (_: unknown, args: { input: CreateClientInput }, ctx: SalesContext) =>
      ctx.clients.create(ctx.identity, args.input),
    createOpportunity: (_: unknown, args: { input: CreateOpportunityInput }, ctx: SalesContext) =>
      ctx.opportunities.create(ctx.identity, args.input),
    setEstimate: (_: unknown, args: { input: SetEstimateInput }, ctx: SalesContext) =>
      ctx.opportunities.setEstimate(ctx.identity, args.input),
    submitForReview: (_: unknown, args: { opportunityId: string }, ctx: SalesContext) =>
      ctx.opportunities.submitForReview(ctx.identity, args.opportunityId),
    reviewOpportunity: (_: unknown, args: { input: ReviewOpportunityInput }, ctx: SalesContext) =>
      ctx.opportunities.review(ctx.identity, args.input),
    signContract: (_: unknown, args: { opportunityId: string }, ctx: SalesContext) =>
      ctx.opportunities.sign(ctx.identity, args.opportunityId),
    markOpportunityLost: (_: unknown, args: { opportunityId: string; reason: string }, ctx: SalesContext) =>
      ctx.opportunities.markLost(ctx.identity, args.opportunityId, args.reason),
  },
};
