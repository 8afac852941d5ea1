import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import { utcDate } from '../domain/dates';
import type { EngagementActuals } from '../domain/estimate-accuracy';
import type { Financials } from '../domain/financials';
import { loadFinancials } from '../domain/figures';
import { listRates, type MemberRate } from '../domain/rates';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';

export interface AccountingLoaders {
  ratesByMember: DataLoader<string, MemberRate[]>;
  financialsByEngagement: DataLoader<string, Financials | null>;
  /** Closed engagements' actuals by role; null while open. */
  actualsByEngagement: DataLoader<string, EngagementActuals | null>;
}

/** Per-request loaders: one statement per batch of members or engagements. */
export function createLoaders(
  manager: EntityManager,
  thresholdPercent: number,
  now: () => Date = () => new Date(),
  burnAheadPoints?: number,
): AccountingLoaders {
  return {
    ratesByMember: groupedLoader(
      (ids) => listRates(manager, ids),
      (rate) => rate.memberId,
    ),
    financialsByEngagement: keyedLoader(
      (ids) => loadFinancials(manager, ids, utcDate(now()), thresholdPercent, burnAheadPoints),
      (f) => f.engagementId,
    ),
    actualsByEngagement: keyedLoader(
      (ids) => new EngagementActualsRepository(manager).closedByIds(ids),
      (a) => a.engagementId,
    ),
  };
}
