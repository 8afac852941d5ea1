import { In, type EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import type { OpportunityStage } from '../domain/sales-types';
import { ClientEntity } from '../entities/client.entity';
import { ContractReviewEntity } from '../entities/contract-review.entity';
import { ContractEntity } from '../entities/contract.entity';
import { OpportunityEntity } from '../entities/opportunity.entity';

const uuids = (keys: readonly string[]) => [...new Set(keys.filter(isUuid))];

/**
 * Clients, opportunities, reviews and contracts. Reads for the API take many keys at once (for
 * the DataLoaders) and every list is one statement however many rows it returns; the writes
 * run inside a command's transaction.
 */
export class SalesRepository {
  constructor(private readonly manager: EntityManager) {}

  listClients(): Promise<ClientEntity[]> {
    return this.manager.getRepository(ClientEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  /** Newest first, optionally of one stage. */
  listOpportunities(stage: OpportunityStage | null): Promise<OpportunityEntity[]> {
    return this.manager.getRepository(OpportunityEntity).find({
      where: stage ? { stage } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  async clientsById(ids: readonly string[]): Promise<ClientEntity[]> {
    return uuids(ids).length === 0
      ? []
      : this.manager.getRepository(ClientEntity).findBy({ id: In(uuids(ids)) });
  }

  async opportunitiesById(ids: readonly string[]): Promise<OpportunityEntity[]> {
    return uuids(ids).length === 0
      ? []
      : this.manager.getRepository(OpportunityEntity).findBy({ id: In(uuids(ids)) });
  }

  async contractsById(ids: readonly string[]): Promise<ContractEntity[]> {
    return uuids(ids).length === 0
      ? []
      : this.manager.getRepository(ContractEntity).findBy({ id: In(uuids(ids)) });
  }

  async contractsByOpportunity(opportunityIds: readonly string[]): Promise<ContractEntity[]> {
    return uuids(opportunityIds).length === 0
      ? []
      : this.manager.getRepository(ContractEntity).findBy({ opportunityId: In(uuids(opportunityIds)) });
  }

  async opportunitiesByClient(clientIds: readonly string[]): Promise<OpportunityEntity[]> {
    return uuids(clientIds).length === 0
      ? []
      : this.manager.getRepository(OpportunityEntity).find({
          where: { clientId: In(uuids(clientIds)) },
          order: { createdAt: 'DESC', id: 'ASC' },
        });
  }

  /** Oldest first, the order in which the review gate reads them. */
  async reviewsByOpportunity(opportunityIds: readonly string[]): Promise<ContractReviewEntity[]> {
    return uuids(opportunityIds).length === 0
      ? []
      : this.manager.getRepository(ContractReviewEntity).find({
          where: { opportunityId: In(uuids(opportunityIds)) },
          order: { at: 'ASC', id: 'ASC' },
        });
  }

  /** The client, or null for an id that is not a UUID or not known. */
  client(id: string): Promise<ClientEntity | null> {
    return isUuid(id) ? this.manager.getRepository(ClientEntity).findOneBy({ id }) : Promise.resolve(null);
  }

  insertClient(client: Omit<ClientEntity, 'id'>): Promise<ClientEntity> {
    const repository = this.manager.getRepository(ClientEntity);
    return repository.save(repository.create(client));
  }

  insertOpportunity(opportunity: Omit<OpportunityEntity, 'id'>): Promise<OpportunityEntity> {
    const repository = this.manager.getRepository(OpportunityEntity);
    return repository.save(repository.create(opportunity));
  }

  /** The opportunity locked for the rest of the transaction; null for an unknown id. */
  lockOpportunity(id: string): Promise<OpportunityEntity | null> {
    return isUuid(id)
      ? this.manager
          .getRepository(OpportunityEntity)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : Promise.resolve(null);
  }

  async updateOpportunity(
    id: string,
    changes: Partial<Pick<OpportunityEntity, 'stage' | 'lostReason' | 'updatedAt'>>,
  ): Promise<void> {
    await this.manager.getRepository(OpportunityEntity).update({ id }, changes);
  }

  async insertReview(review: Omit<ContractReviewEntity, 'id'>): Promise<void> {
    await this.manager.getRepository(ContractReviewEntity).insert(review);
  }

  async contractCount(opportunityId: string): Promise<number> {
    return this.manager.getRepository(ContractEntity).countBy({ opportunityId });
  }

  insertContract(contract: Omit<ContractEntity, 'id'>): Promise<ContractEntity> {
    const repository = this.manager.getRepository(ContractEntity);
    return repository.save(repository.create(contract));
  }
}
