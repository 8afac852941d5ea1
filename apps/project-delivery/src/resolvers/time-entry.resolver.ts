import { loadedNonNull } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const timeEntryResolvers: Pick<Resolvers, 'TimeEntry'> = {
  TimeEntry: {
    member: (entry, _, ctx, info) => loadedNonNull(ctx.loaders.member.load(entry.memberId), info),
    project: (entry, _, ctx, info) => loadedNonNull(ctx.loaders.project.load(entry.projectId), info),
  },
};
