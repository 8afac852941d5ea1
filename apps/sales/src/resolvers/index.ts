import { subgraphResolvers } from '@platform/graphql-kit';
import type { SalesContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { clientResolvers } from './client.resolver';
import { contractReviewResolvers } from './contract-review.resolver';
import { contractResolvers } from './contract.resolver';
import { calibratedEstimateResolvers } from './calibrated-estimate.resolver';
import { deliveryEstimateResolvers } from './delivery-estimate.resolver';
import { estimateLineResolvers } from './estimate-line.resolver';
import { estimateResolvers } from './estimate.resolver';
import { mutationResolvers } from './mutation.resolver';
import { opportunityResolvers } from './opportunity.resolver';
import { queryResolvers } from './query.resolver';
import { suggestedLineResolvers } from './suggested-line.resolver';

const typedResolvers: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...clientResolvers,
  ...opportunityResolvers,
  ...estimateResolvers,
  ...estimateLineResolvers,
  ...calibratedEstimateResolvers,
  ...deliveryEstimateResolvers,
  ...suggestedLineResolvers,
  ...contractResolvers,
  ...contractReviewResolvers,
};

export const resolvers = subgraphResolvers<SalesContext>(typedResolvers);
