import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import { calibrationsOf } from '../application/calibration.queries';
import type { Calibration } from '../domain/calibration';
import type { EstimateRecord } from '../domain/estimate';
import type { ClientEntity } from '../entities/client.entity';
import type { ContractReviewEntity } from '../entities/contract-review.entity';
import type { ContractEntity } from '../entities/contract.entity';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import { CalibrationRepository } from '../repositories/calibration.repository';
import { EstimateRepository } from '../repositories/estimate.repository';
import { SalesRepository } from '../repositories/sales.repository';

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
  const sales = new SalesRepository(manager);
  const estimates = new EstimateRepository(manager);
  const calibrations = new CalibrationRepository(manager);
  return {
    calibrationByRole: new DataLoader<string, Calibration | null>(async (keys) => {
      const byRole = await calibrationsOf(calibrations, keys);
      return keys.map((key) => byRole.get(key) ?? null);
    }),
    client: keyedLoader(
      (ids) => sales.clientsById(ids),
      (c) => c.id,
    ),
    opportunity: keyedLoader(
      (ids) => sales.opportunitiesById(ids),
      (o) => o.id,
    ),
    contract: keyedLoader(
      (ids) => sales.contractsById(ids),
      (c) => c.id,
    ),
    opportunitiesByClient: groupedLoader(
      (ids) => sales.opportunitiesByClient(ids),
      (o) => o.clientId,
    ),
    estimateByOpportunity: keyedLoader(
      (ids) => estimates.ofOpportunities(ids),
      (e) => e.opportunityId,
    ),
    reviewsByOpportunity: groupedLoader(
      (ids) => sales.reviewsByOpportunity(ids),
      (r) => r.opportunityId,
    ),
    contractByOpportunity: keyedLoader(
      (ids) => sales.contractsByOpportunity(ids),
      (c) => c.opportunityId,
    ),
  };
}
