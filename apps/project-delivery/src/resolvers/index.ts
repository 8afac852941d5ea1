import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
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
  Engagement: projectResolvers.Engagement,
  Project: projectResolvers.Project,
  Milestone: projectResolvers.Milestone,
  TimeEntry: timeEntryResolvers.TimeEntry,
};

// The one cast: every resolver above is checked against the types generated from the SDL, but
// @apollo/subgraph's GraphQLResolverMap types each entry as a field resolver (parent, args,
// context, info), while `__resolveReference` is called as (reference, context, info).
export const resolvers = typed as unknown as GraphQLResolverMap<DeliveryContext>;
