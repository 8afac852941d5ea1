/**
 * How graphql-codegen types this subgraph's resolvers (root codegen.ts): the context, and for
 * each schema type the TypeScript shape its resolvers receive as parent and return (mappers,
 * as "path relative to src/generated#ExportedType" or an inline type).
 */
export const codegen = {
  context: 'DeliveryContext',
  mappers: {
    TeamMember: '../entities/team-member.entity#TeamMemberEntity',
    Allocation: '../entities/allocation.entity#AllocationEntity',
    Project: '../entities/project.entity#ProjectEntity',
    Milestone: '../entities/milestone.entity#MilestoneEntity',
    TimeEntry: '../entities/time-entry.entity#TimeEntryEntity',
    TimeOff: '../entities/time-off.entity#TimeOffEntity',
    // Owned by the engagement subgraph: here an engagement is only the key projects hang on.
    Engagement: '{ id: string }',
    // The member alongside its computed load, as DeliveryQueries.memberCapacity builds it.
    MemberCapacity: '../application/delivery.queries#MemberCapacityResult',
  } as Record<string, string>,
};
