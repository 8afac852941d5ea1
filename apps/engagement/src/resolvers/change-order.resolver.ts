import { hoursFromMinutes } from '@platform/graphql-kit';
import { toMoneyOutput } from '@platform/money';
import type { ChangeOrderEntity } from '../entities';

export const changeOrderResolvers = {
  ChangeOrder: {
    amountDelta: (c: ChangeOrderEntity) => toMoneyOutput({ minor: c.amountDeltaMinor, currency: c.currency }),
    hoursDelta: (c: ChangeOrderEntity) => hoursFromMinutes(c.minutesDelta),
    requestedBy: (c: ChangeOrderEntity) => ({ __typename: 'TeamMember', id: c.requestedBy }),
    decidedBy: (c: ChangeOrderEntity) => (c.decidedBy ? { __typename: 'TeamMember', id: c.decidedBy } : null),
  },
};
