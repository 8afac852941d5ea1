import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { utcDate } from '@platform/domain-kit';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type { AccountingBatches } from '../application/accounting.queries';
import { loadFinancials, type RiskSettings } from '../application/financials.queries';
import type { EngagementActuals } from '../domain/estimate-accuracy';
import type { Financials } from '../domain/financials';
import type { MemberRate } from '../domain/member-rates';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';
import { MemberRateRepository } from '../repositories/member-rate.repository';

export interface AccountingLoaders extends AccountingBatches {
  ratesByMember: DataLoader<string, MemberRate[]>;
  financialsByEngagement: DataLoader<string, Financials | null>;
  /** Closed engagements' actuals by role; null while open. */
  actualsByEngagement: DataLoader<string, EngagementActuals | null>;
}

/** Per-request loaders: one statement per batch of members or engagements. */
export function createLoaders(
  manager: EntityManager,
  settings: RiskSettings,
  now: () => Date = () => new Date(),
): AccountingLoaders {
  return {
    ratesByMember: groupedLoader(
      (ids) => new MemberRateRepository(manager).list(ids),
      (rate) => rate.memberId,
    ),
    financialsByEngagement: keyedLoader(
      (ids) =>
        loadFinancials(manager, ids, utcDate(now()), settings.thresholdPercent, settings.burnAheadPoints),
      (f) => f.engagementId,
    ),
    actualsByEngagement: keyedLoader(
      (ids) => new EngagementActualsRepository(manager).closedByIds(ids),
      (a) => a.engagementId,
    ),
  };
}
