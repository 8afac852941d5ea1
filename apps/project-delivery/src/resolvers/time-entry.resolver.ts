import { loadedNonNull, actorOf } from '@platform/graphql-kit';
import { correctTimeEntry, deleteTimeEntry, logTime } from '../domain/time.service';
import type { Resolvers } from '../generated/resolvers';

export const timeEntryResolvers: Pick<Resolvers, 'Mutation' | 'TimeEntry'> = {
  Mutation: {
    logTime: (_, args, ctx) => logTime(ctx.ports, actorOf(ctx.identity), args.input),
    correctTimeEntry: (_, args, ctx) => correctTimeEntry(ctx.ports, actorOf(ctx.identity), args),
    deleteTimeEntry: (_, args, ctx) => deleteTimeEntry(ctx.ports, actorOf(ctx.identity), args.id),
  },
  TimeEntry: {
    member: (entry, _, ctx, info) => loadedNonNull(ctx.loaders.member.load(entry.memberId), info),
    project: (entry, _, ctx, info) => loadedNonNull(ctx.loaders.project.load(entry.projectId), info),
  },
};
