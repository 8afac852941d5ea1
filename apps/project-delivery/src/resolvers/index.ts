import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DeliveryContext } from '../context';
import { projectResolvers } from './project.resolver';
import { teamMemberResolvers } from './team-member.resolver';
import { timeEntryResolvers } from './time-entry.resolver';

export const resolvers: GraphQLResolverMap<DeliveryContext> = {
  Query: { ...teamMemberResolvers.Query, ...projectResolvers.Query },
  Mutation: { ...teamMemberResolvers.Mutation, ...projectResolvers.Mutation, ...timeEntryResolvers.Mutation },
  TeamMember: teamMemberResolvers.TeamMember,
  Allocation: teamMemberResolvers.Allocation,
  Engagement: projectResolvers.Engagement,
  Project: projectResolvers.Project,
  Milestone: projectResolvers.Milestone,
  TimeEntry: timeEntryResolvers.TimeEntry,
};
