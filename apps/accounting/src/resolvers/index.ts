import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { AccountingContext } from '../context';
import { engagementResolvers } from './engagement.resolver';
import { invoiceResolvers } from './invoice.resolver';
import { mutationResolvers } from './mutation.resolver';
import { queryResolvers } from './query.resolver';
import { teamMemberResolvers } from './team-member.resolver';

export const resolvers: GraphQLResolverMap<AccountingContext> = {
  ...queryResolvers,
  ...mutationResolvers,
  ...teamMemberResolvers,
  ...engagementResolvers,
  ...invoiceResolvers,
};
