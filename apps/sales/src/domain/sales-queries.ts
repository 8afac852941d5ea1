import { In, type EntityManager } from 'typeorm';
import { ClientEntity } from '../entities/client.entity';
import { ContractReviewEntity } from '../entities/contract-review.entity';
import { ContractEntity } from '../entities/contract.entity';
import { OpportunityEntity } from '../entities/opportunity.entity';
import { isUuid, type OpportunityStage } from './sales-types';

const uuids = (keys: readonly string[]) => [...new Set(keys.filter(isUuid))];

/** Reads for the API; every list is one statement however many rows it returns. */
export const salesQueries = {
  listClients: (manager: EntityManager) =>
    manager.getRepository(ClientEntity).find({ order: { name: 'ASC', id: 'ASC' } }),

  /** Newest first, optionally of one stage. */
  listOpportunities: (manager: EntityManager, stage: OpportunityStage | null) =>
    manager.getRepository(OpportunityEntity).find({
      where: stage ? { stage } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
    }),

  clientsById: async (manager: EntityManager, ids: readonly string[]) =>
    uuids(ids).length === 0 ? [] : manager.getRepository(ClientEntity).findBy({ id: In(uuids(ids)) }),

  opportunitiesById: async (manager: EntityManager, ids: readonly string[]) =>
    uuids(ids).length === 0 ? [] : manager.getRepository(OpportunityEntity).findBy({ id: In(uuids(ids)) }),

  contractsById: async (manager: EntityManager, ids: readonly string[]) =>
    uuids(ids).length === 0 ? [] : manager.getRepository(ContractEntity).findBy({ id: In(uuids(ids)) }),

  contractsByOpportunity: async (manager: EntityManager, opportunityIds: readonly string[]) =>
    uuids(opportunityIds).length === 0
      ? []
      : manager.getRepository(ContractEntity).findBy({ opportunityId: In(uuids(opportunityIds)) }),

  opportunitiesByClient: async (manager: EntityManager, clientIds: readonly string[]) =>
    uuids(clientIds).length === 0
      ? []
      : manager.getRepository(OpportunityEntity).find({
          where: { clientId: In(uuids(clientIds)) },
          order: { createdAt: 'DESC', id: 'ASC' },
        }),

  /** Oldest first, the order in which the review gate reads them. */
  reviewsByOpportunity: async (manager: EntityManager, opportunityIds: readonly string[]) =>
    uuids(opportunityIds).length === 0
      ? []
      : manager.getRepository(ContractReviewEntity).find({
          where: { opportunityId: In(uuids(opportunityIds)) },
          order: { at: 'ASC', id: 'ASC' },
        }),
};
