import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SalesContext } from '../context';
import { clientResolvers } from './client.resolver';
import { contractReviewResolvers } from './contract-review.resolver';
import { contractResolvers } from './contract.resolver';
import { estimateResolvers } from './estimate.resolver';
import { mutationResolvers } from './mutation.resolver';
import { opportunityResolvers } from './opportunity.resolver';
import { queryResolvers } from './query.resolver';

export const salesResolvers: GraphQLResolverMap<SalesContext> = {
  ...queryResolvers,
  ...mutationResolvers,
  ...clientResolvers,
  ...opportunityResolvers,
  ...estimateResolvers,
  ...contractResolvers,
  ...contractReviewResolvers,
};
