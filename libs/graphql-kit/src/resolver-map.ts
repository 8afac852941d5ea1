import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

/**
 * Hands a subgraph's resolvers, already checked against the types graphql-codegen generated from
 * its SDL, to @apollo/subgraph. Its GraphQLResolverMap types every entry as a field resolver
 * (parent, args, context, info), while `__resolveReference` is called as (reference, context,
 * info), so the generated map does not fit it structurally: this is the one cast, in one place.
 */
export function subgraphResolvers<TContext>(typed: object): GraphQLResolverMap<TContext> {
  return typed as GraphQLResolverMap<TContext>;
}
