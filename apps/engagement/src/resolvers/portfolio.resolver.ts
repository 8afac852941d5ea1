import { toMoneyOutput } from '@platform/money';
import type { RagCounts as RagTally } from '../domain/portfolio';
import type { Resolvers } from '../generated/resolvers';

const counts = (c: RagTally) => ({ green: c.GREEN, amber: c.AMBER, red: c.RED });

const member = (id: string | null) => (id ? { __typename: 'TeamMember' as const, id } : null);

export const portfolioResolvers: Pick<Resolvers, 'PortfolioHealth' | 'PortfolioEngagement'> = {
  PortfolioHealth: {
    overall: (h) => counts(h.overall),
    schedule: (h) => counts(h.schedule),
    budget: (h) => counts(h.budget),
    scope: (h) => counts(h.scope),
    atRisk: (h) => h.atRisk.map((item) => ({ ...item, showMoney: h.showMoney })),
  },
  PortfolioEngagement: {
    engagement: (item) => item.engagement,
    deliveryOwner: (item) => member(item.engagement.deliveryOwnerId),
    accountManager: (item) => member(item.engagement.accountManagerId),
    // Margins are FINANCE/ADMIN only (ARCHITECTURE.md, Security): DELIVERY sees the list and reasons.
    forecastMargin: (item) =>
      item.showMoney && item.forecastMarginMinor !== null
        ? toMoneyOutput({ minor: item.forecastMarginMinor, currency: item.engagement.currency })
        : null,
    forecastMarginPercent: (item) => (item.showMoney ? item.forecastMarginPercent : null),
  },
};
