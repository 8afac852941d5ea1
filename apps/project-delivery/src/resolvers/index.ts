import { subgraphResolvers } from '@platform/graphql-kit';
import type { DeliveryContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { allocationResolvers } from './allocation.resolver';
import { engagementResolvers } from './engagement.resolver';
import { milestoneResolvers } from './milestone.resolver';
import { mutationResolvers } from './mutation.resolver';
import { projectResolvers } from './project.resolver';
import { queryResolvers } from './query.resolver';
import { teamMemberResolvers } from './team-member.resolver';
import { timeEntryResolvers } from './time-entry.resolver';
import { timeOffResolvers } from './time-off.resolver';

const typed: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...teamMemberResolvers,
  ...allocationResolvers,
  ...timeOffResolvers,
  ...engagementResolvers,
  ...projectResolvers,
  ...milestoneResolvers,
  ...timeEntryResolvers,
};

export const resolvers = subgraphResolvers<DeliveryContext>(typed);
