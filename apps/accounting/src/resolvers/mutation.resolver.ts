import type { Resolvers } from '../generated/resolvers';
import { requireRole } from '@platform/graphql-kit';
import { setMemberRate } from '../domain/rates';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    setMemberRate: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE');
      const rate = await setMemberRate(
        {
          dataSource: ctx.deps.dataSource,
          outbox: ctx.deps.outbox,
          logger: ctx.logger,
          thresholdPercent: ctx.deps.config.MARGIN_THRESHOLD_PERCENT,
          burnAheadPoints: ctx.deps.config.BURN_AHEAD_POINTS,
        },
        args.input,
        ctx.identity.sub,
      );
      return { __typename: 'TeamMember', id: rate.memberId };
    },
  },
};
