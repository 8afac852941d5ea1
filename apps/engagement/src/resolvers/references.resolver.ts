import type { EngagementContext } from '../context';
import type { EngagementEntity } from '../entities';
import type { OwnerSuggestion } from '../domain/owner-suggestions';

/** Fields this subgraph adds to entities other subgraphs own. */
export const referenceResolvers = {
  Contract: {
    engagement: (
      c: { id: string },
      _args: unknown,
      ctx: EngagementContext,
    ): Promise<EngagementEntity | null> => ctx.loaders.engagementByContractId.load(c.id),
  },
  Client: {
    engagements: (c: { id: string }, _args: unknown, ctx: EngagementContext): Promise<EngagementEntity[]> =>
      ctx.loaders.engagementsByClientId.load(c.id),
  },
  TeamMember: {
    ownedEngagements: (
      m: { id: string },
      _args: unknown,
      ctx: EngagementContext,
    ): Promise<EngagementEntity[]> => ctx.loaders.engagementsByMemberId.load(m.id),
  },
  OwnerSuggestion: {
    member: (s: OwnerSuggestion) => ({ __typename: 'TeamMember', id: s.memberId }),
  },
};
