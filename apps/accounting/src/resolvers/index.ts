import { subgraphResolvers } from '@platform/graphql-kit';
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

export const resolvers = subgraphResolvers<AccountingContext>(typed);
