import type { Resolvers } from '../generated/resolvers';

export const engagementResolvers: Pick<Resolvers, 'Engagement'> = {
  Engagement: {
    // Engagements are owned by the engagement subgraph; here one is just a key to hang projects on.
    __resolveReference: (ref) => ({ id: ref.id }),
    projects: (engagement, _, ctx) => ctx.loaders.projectsByEngagement.load(engagement.id),
  },
};
