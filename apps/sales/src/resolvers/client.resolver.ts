import type { SalesContext } from '../context';
import type { ClientEntity } from '../entities/client.entity';
import { teamMemberRef } from './team-member-ref';

export const clientResolvers = {
  Client: {
    __resolveReference: (ref: { id: string }, ctx: SalesContext) => ctx.loaders.client.load(ref.id),
    accountManager: (client: ClientEntity) =>
      client.accountManagerId === null ? null : teamMemberRef(client.accountManagerId),
    opportunities: (client: ClientEntity, _args: unknown, ctx: SalesContext) =>
      ctx.loaders.opportunitiesByClient.load(client.id),
  },
};
