import { subgraphResolvers } from '@platform/graphql-kit';
import type { SalesContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { clientResolvers } from './client.resolver';
import { contractReviewResolvers } from './contract-review.resolver';
import { contractResolvers } from './contract.resolver';
import { estimateResolvers } from './estimate.resolver';
import { mutationResolvers } from './mutation.resolver';
import { opportunityResolvers } from './opportunity.resolver';
import { queryResolvers } from './query.resolver';

const typedResolvers: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...clientResolvers,
  ...opportunityResolvers,
  ...estimateResolvers,
  ...contractResolvers,
  ...contractReviewResolvers,
};

export const salesResolvers = subgraphResolvers<SalesContext>(typedResolvers);
