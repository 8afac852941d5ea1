import { actorOf, loadedNonNull } from '@platform/graphql-kit';
import { money } from '@platform/money';
import type { Resolvers } from '../generated/resolvers';
import { loadCalibrations } from './calibrations';
import { teamMemberRef } from './team-member-ref';

export const opportunityResolvers: Pick<Resolvers, 'Opportunity'> = {
  Opportunity: {
    __resolveReference: (ref, ctx) => ctx.loaders.opportunity.load(ref.id),
    client: (opportunity, _args, ctx, info) =>
      loadedNonNull(ctx.loaders.client.load(opportunity.clientId), info),
    owner: (opportunity) => teamMemberRef(opportunity.ownerId),
    estimate: async (opportunity, _args, ctx) => {
      const estimate = await ctx.loaders.estimateByOpportunity.load(opportunity.id);
      return estimate && { estimate, ownerId: opportunity.ownerId };
    },
    reviews: (opportunity, _args, ctx) => ctx.loaders.reviewsByOpportunity.load(opportunity.id),
    signingBlockers: async (opportunity, _args, ctx) => {
      const [estimate, reviews, contract] = await Promise.all([
        ctx.loaders.estimateByOpportunity.load(opportunity.id),
        ctx.loaders.reviewsByOpportunity.load(opportunity.id),
        ctx.loaders.contractByOpportunity.load(opportunity.id),
      ]);
      const calibrations = await loadCalibrations(ctx.loaders, estimate?.lines ?? []);
      return ctx.queries.signingBlockers(actorOf(ctx.identity), opportunity, {
        estimate,
        reviews,
        signed: contract !== null,
        calibrations,
      });
    },
    contract: (opportunity, _args, ctx) => ctx.loaders.contractByOpportunity.load(opportunity.id),
    deliveryEstimate: async (opportunity, _args, ctx) => {
      const [estimate, reviews] = await Promise.all([
        ctx.loaders.estimateByOpportunity.load(opportunity.id),
        ctx.loaders.reviewsByOpportunity.load(opportunity.id),
      ]);
      // Reviews come oldest first: the latest counter-estimate is the last one given.
      const review = [...reviews].reverse().find((r) => r.suggestedLines !== null);
      if (!estimate || !review?.suggestedLines) return null;
      return {
        review,
        price: estimate.price,
        ownerId: opportunity.ownerId,
        lines: review.suggestedLines.map((line) => ({
          role: line.role,
          minutes: line.minutes,
          costRate: line.costRateMinor === null ? null : money(BigInt(line.costRateMinor), estimate.currency),
        })),
      };
    },
  },
};
