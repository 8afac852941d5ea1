import { actorOf, hoursFromMinutes } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const projectResolvers: Pick<Resolvers, 'Project'> = {
  Project: {
    __resolveReference: (ref, ctx) => ctx.loaders.project.load(ref.id),
    engagement: (project) => ({ id: project.engagementId }),
    budgetHours: (project) => hoursFromMinutes(project.budgetMinutes),
    loggedHours: async (project, _, ctx) =>
      hoursFromMinutes(await ctx.loaders.loggedMinutesByProject.load(project.id)),
    milestones: (project, _, ctx) => ctx.loaders.milestonesByProject.load(project.id),
    timeEntries: (project, args, ctx) =>
      ctx.queries.projectTimeEntries(actorOf(ctx.identity), project.id, args.from ?? null, args.to ?? null),
  },
};
