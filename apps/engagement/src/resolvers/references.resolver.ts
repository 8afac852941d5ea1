import type { Resolvers } from '../generated/resolvers';

/** Fields this subgraph adds to entities other subgraphs own. */
export const referenceResolvers: Pick<Resolvers, 'Contract' | 'Client' | 'TeamMember' | 'OwnerSuggestion'> = {
  Contract: {
    engagement: (c, _args, ctx) => ctx.loaders.engagementByContractId.load(c.id),
  },
  Client: {
    engagements: (c, _args, ctx) => ctx.loaders.engagementsByClientId.load(c.id),
  },
  TeamMember: {
    ownedEngagements: (m, _args, ctx) => ctx.loaders.engagementsByMemberId.load(m.id),
  },
  OwnerSuggestion: {
    member: (s) => ({ __typename: 'TeamMember', id: s.memberId }),
  },
};
