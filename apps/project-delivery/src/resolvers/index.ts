import { subgraphResolvers } from '@platform/graphql-kit';
import type { DeliveryContext } from '../context';
import type { Resolvers } from '../generated/resolvers';
import { projectResolvers } from './project.resolver';
import { teamMemberResolvers } from './team-member.resolver';
import { timeEntryResolvers } from './time-entry.resolver';

const typed: Resolvers = {
  Query: { ...teamMemberResolvers.Query, ...projectResolvers.Query },
  Mutation: { ...teamMemberResolvers.Mutation, ...projectResolvers.Mutation, ...timeEntryResolvers.Mutation },
  TeamMember: teamMemberResolvers.TeamMember,
  Allocation: teamMemberResolvers.Allocation,
  TimeOff: teamMemberResolvers.TimeOff,
  Engagement: projectResolvers.Engagement,
  Project: projectResolvers.Project,
  Milestone: projectResolvers.Milestone,
  TimeEntry: timeEntryResolvers.TimeEntry,
};

export const resolvers = subgraphResolvers<DeliveryContext>(typed);
