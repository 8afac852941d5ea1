import type { Resolvers } from '../generated/resolvers';
import { teamMemberRef } from './team-member-ref';

export const clientResolvers: Pick<Resolvers, 'Client'> = {
  Client: {
    __resolveReference: (ref, ctx) => ctx.loaders.client.load(ref.id),
    accountManager: (client) =>
      client.accountManagerId === null ? null : teamMemberRef(client.accountManagerId),
    opportunities: (client, _args, ctx) => ctx.loaders.opportunitiesByClient.load(client.id),
  },
};
