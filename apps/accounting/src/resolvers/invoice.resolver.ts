import type { Resolvers } from '../generated/resolvers';
export const invoiceResolvers: Pick<Resolvers, 'Invoice'> = {
  Invoice: {
    engagement: (invoice) => ({ id: invoice.engagementId }),
  },
};
