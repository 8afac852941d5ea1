import { hoursFromMinutes, loadedNonNull } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const allocationResolvers: Pick<Resolvers, 'Allocation'> = {
  Allocation: {
    member: (allocation, _, ctx, info) => loadedNonNull(ctx.loaders.member.load(allocation.memberId), info),
    project: (allocation, _, ctx, info) =>
      loadedNonNull(ctx.loaders.project.load(allocation.projectId), info),
    hoursPerWeek: (allocation) => hoursFromMinutes(allocation.minutesPerWeek),
    from: (allocation) => allocation.fromDate,
    to: (allocation) => allocation.toDate,
  },
};
