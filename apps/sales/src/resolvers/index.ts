import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
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

// Every resolver above is checked against the generated types. @apollo/subgraph's map types
// `__resolveReference` as (reference, context, info) => any and leaves fields untyped, so the
// generated map does not fit it structurally; this is the one cast, where the map is handed over.
export const salesResolvers = typedResolvers as unknown as GraphQLResolverMap<SalesContext>;
