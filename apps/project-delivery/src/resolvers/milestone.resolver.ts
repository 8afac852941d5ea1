import { money, toMoneyOutput } from '@platform/money';
import type { Resolvers } from '../generated/resolvers';

export const milestoneResolvers: Pick<Resolvers, 'Milestone'> = {
  Milestone: {
    billingAmount: (milestone) =>
      milestone.billingAmountMinor !== null && milestone.billingCurrency !== null
        ? toMoneyOutput(money(milestone.billingAmountMinor, milestone.billingCurrency))
        : null,
  },
};
