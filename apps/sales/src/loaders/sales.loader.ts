import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type { ClientEntity } from '../entities/client.entity';
import type { ContractReviewEntity } from '../entities/contract-review.entity';
import type { ContractEntity } from '../entities/contract.entity';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import type { EstimateRecord } from '../domain/estimate';
import { loadEstimates } from '../domain/estimate-store';
import { salesQueries } from '../domain/sales-queries';
import type { Calibration } from '../domain/calibration';
import { calibrationsOf } from '../application/calibrations';

export interface SalesLoaders {
  client: DataLoader<string, ClientEntity | null>;
  opportunity: DataLoader<string, OpportunityEntity | null>;
  contract: DataLoader<string, ContractEntity | null>;
  opportunitiesByClient: DataLoader<string, OpportunityEntity[]>;
  estimateByOpportunity: DataLoader<string, EstimateRecord | null>;
  reviewsByOpportunity: DataLoader<string, ContractReviewEntity[]>;
  contractByOpportunity: DataLoader<string, ContractEntity | null>;
  /** By role key: the role's calibration from closed engagements, null below 3 samples. */
  calibrationByRole: DataLoader<string, Calibration | null>;
}

/** Per-request loaders: one statement (two for estimates) per field and request, not per row. */
export function createSalesLoaders(manager: EntityManager): SalesLoaders {
  return {
    calibrationByRole: new DataLoader<string, Calibration | null>(async (keys) => {
      const calibrations = await calibrationsOf(manager, keys);
      return keys.map((key) => calibrations.get(key) ?? null);
    }),
    client: keyedLoader(
      (ids) => salesQueries.clientsById(manager, ids),
      (c) => c.id,
    ),
    opportunity: keyedLoader(
      (ids) => salesQueries.opportunitiesById(manager, ids),
      (o) => o.id,
    ),
    contract: keyedLoader(
      (ids) => salesQueries.contractsById(manager, ids),
      (c) => c.id,
    ),
    opportunitiesByClient: groupedLoader(
      (ids) => salesQueries.opportunitiesByClient(manager, ids),
      (o) => o.clientId,
    ),
    estimateByOpportunity: keyedLoader(
      (ids) => loadEstimates(manager, ids),
      (e) => e.opportunityId,
    ),
    reviewsByOpportunity: groupedLoader(
      (ids) => salesQueries.reviewsByOpportunity(manager, ids),
      (r) => r.opportunityId,
    ),
    contractByOpportunity: keyedLoader(
      (ids) => salesQueries.contractsByOpportunity(manager, ids),
      (c) => c.opportunityId,
    ),
  };
}
