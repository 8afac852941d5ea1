import { hoursFromMinutes } from '@platform/graphql-kit';
import { toMoneyOutput } from '@platform/money';
import type { Resolvers } from '../generated/resolvers';

export const changeOrderResolvers: Pick<Resolvers, 'ChangeOrder'> = {
  ChangeOrder: {
    amountDelta: (c) => toMoneyOutput({ minor: c.amountDeltaMinor, currency: c.currency }),
    hoursDelta: (c) => hoursFromMinutes(c.minutesDelta),
    requestedBy: (c) => ({ __typename: 'TeamMember', id: c.requestedBy }),
    decidedBy: (c) => (c.decidedBy ? { __typename: 'TeamMember', id: c.decidedBy } : null),
    rates: (c) =>
      c.rates.map((r) => ({
        role: r.role,
        billRate: toMoneyOutput({ minor: BigInt(r.billRateMinor), currency: c.currency }),
      })),
  },
};
