import type { Resolvers } from '../generated/resolvers';

export const queryResolvers: Pick<Resolvers, 'Query'> = {
  Query: {
    me: (_, __, ctx) => ctx.loaders.member.load(ctx.identity.sub),
    // The schema defaults activeOnly to true, but a client may still send an explicit null.
    teamMembers: (_, args, ctx) => ctx.queries.teamMembers(args.activeOnly ?? true),
    teamMember: (_, args, ctx) => ctx.loaders.member.load(args.id),
    project: (_, args, ctx) => ctx.loaders.project.load(args.id),
  },
};
