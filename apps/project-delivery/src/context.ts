import { requestSnapshot } from '@platform/db';
import type { RequestContext } from '@platform/graphql-kit';
import type { ServiceDeps } from '@platform/service-kit';
import type { EntityManager } from 'typeorm';
import type { DeliveryPorts } from './domain/ports';
import { createLoaders, type DeliveryLoaders } from './loaders';

export interface DeliveryContext extends RequestContext {
  ports: DeliveryPorts;
  loaders: DeliveryLoaders;
  /** Reads of a query: one snapshot for the whole request (requestSnapshot). */
  reads: EntityManager;
}

export function buildContext(base: RequestContext, deps: ServiceDeps): DeliveryContext {
  const reads = requestSnapshot(deps.dataSource, base.scope);
  return {
    ...base,
    ports: { dataSource: deps.dataSource, outbox: deps.outbox },
    loaders: createLoaders(reads),
    reads,
  };
}
