import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type { ClientEntity } from '../entities/client.entity';
import type { ContractReviewEntity } from '../entities/contract-review.entity';
import type { ContractEntity } from '../entities/contract.entity';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import type { EstimateRecord } from '../domain/estimate';
import { loadEstimates } from '../domain/estimate-store';
import { salesQueries } from '../domain/sales-queries';

export interface SalesLoaders {
  client: DataLoader<string, ClientEntity | null>;
  opportunity: DataLoader<string, OpportunityEntity | null>;
  contract: DataLoader<string, ContractEntity | null>;
  opportunitiesByClient: DataLoader<string, OpportunityEntity[]>;
  estimateByOpportunity: DataLoader<string, EstimateRecord | null>;
  reviewsByOpportunity: DataLoader<string, ContractReviewEntity[]>;
  contractByOpportunity: DataLoader<string, ContractEntity | null>;
}

/** Per-request loaders: one statement (two for estimates) per field and request, not per row. */
export function createSalesLoaders(manager: EntityManager): SalesLoaders {
  return {
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
