import { contractRatesFromLines, fromEventMoney, toEventMoney } from '@platform/events';
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
    // The estimate cannot change once signed, so its lines are the rate table the contract froze.
    rates: async (contract, _args, ctx) => {
      const estimate = await ctx.loaders.estimateByOpportunity.load(contract.opportunityId);
      return contractRatesFromLines(
        (estimate?.lines ?? []).map((line) => ({
          role: line.role,
          minutes: line.minutes,
          billRate: toEventMoney(line.billRate),
        })),
      ).map((rate) => ({
        role: rate.role,
        billRate: toMoneyOutput(fromEventMoney(rate.billRate)),
        hours: hoursFromMinutes(rate.minutes),
      }));
    },
  },
};
