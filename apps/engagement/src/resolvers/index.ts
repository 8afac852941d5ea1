import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { EngagementContext } from '../context';
import { changeOrderResolvers } from './change-order.resolver';
import { engagementResolvers } from './engagement.resolver';
import { mutationResolvers } from './mutation.resolver';
import { queryResolvers } from './query.resolver';
import { referenceResolvers } from './references.resolver';

export const resolvers: GraphQLResolverMap<EngagementContext> = {
  ...queryResolvers,
  ...mutationResolvers,
  ...engagementResolvers,
  ...changeOrderResolvers,
  ...referenceResolvers,
};
