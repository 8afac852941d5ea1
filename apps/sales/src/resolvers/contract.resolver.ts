import { hoursFromMinutes } from '@platform/graphql-kit';
import { money, toMoneyOutput } from '@platform/money';
import type { SalesContext } from '../context';
import type { ContractEntity } from '../entities/contract.entity';

export const contractResolvers = {
  Contract: {
    __resolveReference: (ref: { id: string }, ctx: SalesContext) => ctx.loaders.contract.load(ref.id),
    opportunity: (contract: ContractEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.opportunity.load(contract.opportunityId),
    client: (contract: ContractEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.client.load(contract.clientId),
    value: (contract: ContractEntity) => toMoneyOutput(money(contract.valueMinor, contract.currency)),
    budgetHours: (contract: ContractEntity) => hoursFromMinutes(contract.budgetMinutes),
  },
};
