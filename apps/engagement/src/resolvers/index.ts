import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { EngagementContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { changeOrderResolvers } from './change-order.resolver';
import { engagementResolvers } from './engagement.resolver';
import { mutationResolvers } from './mutation.resolver';
import { queryResolvers } from './query.resolver';
import { referenceResolvers } from './references.resolver';

const typed: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...engagementResolvers,
  ...changeOrderResolvers,
  ...referenceResolvers,
};

// The resolvers are checked against the types generated from the schema (above). @apollo/subgraph
// types every resolver as (parent, args, context, info), while `__resolveReference` is called as
// (reference, context, info): the generated map cannot be assigned to GraphQLResolverMap as is,
// hence this one cast where the map is handed over.
export const resolvers = typed as unknown as GraphQLResolverMap<EngagementContext>;
