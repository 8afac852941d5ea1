import type { Resolvers } from '../generated/resolvers';
import { moneyFromInput, requireRole } from '@platform/graphql-kit';
import { setRoleRate } from '../application/role-rate.commands';
import { setMemberRate } from '../domain/rates';
import { roleRateOutput } from './output';

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
    setRoleRate: async (_root, args, ctx) => {
      requireRole(ctx.identity, 'FINANCE');
      const rate = await setRoleRate(
        { dataSource: ctx.deps.dataSource, outbox: ctx.deps.outbox },
        {
          role: args.input.role,
          costRate: moneyFromInput(args.input.costRate, 'input.costRate'),
          billRate: moneyFromInput(args.input.billRate, 'input.billRate'),
          effectiveFrom: args.input.effectiveFrom,
        },
        ctx.identity.sub,
        new Date(),
      );
      return roleRateOutput(rate);
    },
  },
};
