import { subgraphResolvers } from '@platform/graphql-kit';
import type { EngagementContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { changeOrderResolvers } from './change-order.resolver';
import { engagementResolvers } from './engagement.resolver';
import { mutationResolvers } from './mutation.resolver';
import { portfolioResolvers } from './portfolio.resolver';
import { queryResolvers } from './query.resolver';
import { referenceResolvers } from './references.resolver';

const typed: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...engagementResolvers,
  ...changeOrderResolvers,
  ...portfolioResolvers,
  ...referenceResolvers,
};

export const resolvers = subgraphResolvers<EngagementContext>(typed);
