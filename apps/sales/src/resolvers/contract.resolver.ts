import { hoursFromMinutes, loadedNonNull } from '@platform/graphql-kit';
import { money, toMoneyOutput } from '@platform/money';
import type { Resolvers } from '../generated/resolvers';

export const contractResolvers: Pick<Resolvers, 'Contract'> = {
  Contract: {
    __resolveReference: (ref, ctx) => ctx.loaders.contract.load(ref.id),
    opportunity: (contract, _args, ctx, info) =>
      loadedNonNull(ctx.loaders.opportunity.load(contract.opportunityId), info),
    client: (contract, _args, ctx, info) => loadedNonNull(ctx.loaders.client.load(contract.clientId), info),
    value: (contract) => toMoneyOutput(money(contract.valueMinor, contract.currency)),
    budgetHours: (contract) => hoursFromMinutes(contract.budgetMinutes),
  },
};
