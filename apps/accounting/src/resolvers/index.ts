import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { AccountingContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { engagementResolvers } from './engagement.resolver';
import { invoiceResolvers } from './invoice.resolver';
import { mutationResolvers } from './mutation.resolver';
import { queryResolvers } from './query.resolver';
import { teamMemberResolvers } from './team-member.resolver';

const typed: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...teamMemberResolvers,
  ...engagementResolvers,
  ...invoiceResolvers,
};

// The resolvers are checked against the generated types above; @apollo/subgraph's map types
// `__resolveReference` with another signature, hence this one cast where the map is handed over.
export const resolvers = typed as unknown as GraphQLResolverMap<AccountingContext>;
