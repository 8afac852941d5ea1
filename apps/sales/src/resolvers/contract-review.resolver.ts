import type { ContractReviewEntity } from '../entities/contract-review.entity';
import { teamMemberRef } from './team-member-ref';

export const contractReviewResolvers = {
  ContractReview: {
    reviewer: (review: ContractReviewEntity) => teamMemberRef(review.reviewerId),
  },
};
