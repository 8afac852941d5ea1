export const invoiceResolvers = {
  Invoice: {
    engagement: (invoice: { engagementId: string }) => ({
      __typename: 'Engagement',
      id: invoice.engagementId,
    }),
  },
};
