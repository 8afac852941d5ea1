import { requireRole } from '@platform/graphql-kit';
import type { AccountingContext } from '../context';
import { setMemberRate, type SetMemberRateInput } from '../domain/rates';

export const mutationResolvers = {
  Mutation: {
    setMemberRate: async (_root: unknown, args: { input: SetMemberRateInput }, ctx: AccountingContext) => {
      requireRole(ctx.identity, 'FINANCE');
      const rate = await setMemberRate(
        {
          dataSource: ctx.deps.dataSource,
          outbox: ctx.deps.outbox,
          logger: ctx.logger,
          thresholdPercent: ctx.deps.config.MARGIN_THRESHOLD_PERCENT,
        },
        args.input,
        ctx.identity.sub,
      );
      return { __typename: 'TeamMember', id: rate.memberId };
    },
  },
};
