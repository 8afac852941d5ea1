import type { SalesContext } from '../context';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import { gateStateOf } from '../domain/opportunity-gate';
import { signingBlockers } from '../domain/review-gate';
import type { EstimateView } from './estimate.resolver';
import { teamMemberRef } from './team-member-ref';

export const opportunityResolvers = {
  Opportunity: {
    __resolveReference: (ref: { id: string }, ctx: SalesContext) => ctx.loaders.opportunity.load(ref.id),
    client: (opportunity: OpportunityEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.client.load(opportunity.clientId),
    owner: (opportunity: OpportunityEntity) => teamMemberRef(opportunity.ownerId),
    estimate: async (
      opportunity: OpportunityEntity,
      _args: unknown,
      ctx: SalesContext,
    ): Promise<EstimateView | null> => {
      const estimate = await ctx.loaders.estimateByOpportunity.load(opportunity.id);
      return estimate && { estimate, ownerId: opportunity.ownerId };
    },
    reviews: (opportunity: OpportunityEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.reviewsByOpportunity.load(opportunity.id),
    signingBlockers: async (opportunity: OpportunityEntity, _args: unknown, ctx: SalesContext) => {
      const [estimate, reviews, contract] = await Promise.all([
        ctx.loaders.estimateByOpportunity.load(opportunity.id),
        ctx.loaders.reviewsByOpportunity.load(opportunity.id),
        ctx.loaders.contractByOpportunity.load(opportunity.id),
      ]);
      return signingBlockers(
        gateStateOf({
          stage: opportunity.stage,
          ownerId: opportunity.ownerId,
          signed: contract !== null,
          estimate,
          reviews,
          marginThresholdPercent: ctx.marginThresholdPercent,
        }),
      );
    },
    contract: (opportunity: OpportunityEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.contractByOpportunity.load(opportunity.id),
  },
};
