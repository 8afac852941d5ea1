import type { Resolvers } from '../generated/resolvers';
import { teamMemberRef } from './team-member-ref';

export const contractReviewResolvers: Pick<Resolvers, 'ContractReview'> = {
  ContractReview: {
    reviewer: (review) => teamMemberRef(review.reviewerId),
  },
};
