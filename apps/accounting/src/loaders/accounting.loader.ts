import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import { utcDate } from '../domain/dates';
import type { Financials } from '../domain/financials';
import { loadFinancials } from '../domain/figures';
import { listRates, type MemberRate } from '../domain/rates';

export interface AccountingLoaders {
  ratesByMember: DataLoader<string, MemberRate[]>;
  financialsByEngagement: DataLoader<string, Financials | null>;
}

/** Per-request loaders: one statement per batch of members or engagements. */
export function createLoaders(
  manager: EntityManager,
  thresholdPercent: number,
  now: () => Date = () => new Date(),
): AccountingLoaders {
  return {
    ratesByMember: groupedLoader(
      (ids) => listRates(manager, ids),
      (rate) => rate.memberId,
    ),
    financialsByEngagement: keyedLoader(
      (ids) => loadFinancials(manager, ids, utcDate(now()), thresholdPercent),
      (f) => f.engagementId,
    ),
  };
}
