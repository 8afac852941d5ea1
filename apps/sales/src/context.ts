import type { RequestContext } from '@platform/graphql-kit';
import type { ClientCommands } from './domain/clients';
import type { OpportunityCommands } from './domain/opportunities';
import type { SalesLoaders } from './loaders/sales.loader';
import type { EntityManager } from 'typeorm';

export interface SalesContext extends RequestContext {
  loaders: SalesLoaders;
  clients: ClientCommands;
  opportunities: OpportunityCommands;
  /** For the few top-level reads that are not batched by key (the lists). */
  manager: EntityManager;
  marginThresholdPercent: number;
}
