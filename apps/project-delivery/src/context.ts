import type { RequestContext } from '@platform/graphql-kit';
import type { ServiceDeps } from '@platform/service-kit';
import type { DeliveryPorts } from './domain/ports';
import { createLoaders, type DeliveryLoaders } from './loaders';

export interface DeliveryContext extends RequestContext {
  ports: DeliveryPorts;
  loaders: DeliveryLoaders;
}

export function buildContext(base: RequestContext, deps: ServiceDeps): DeliveryContext {
  return {
    ...base,
    ports: { dataSource: deps.dataSource, outbox: deps.outbox },
    loaders: createLoaders(deps.dataSource),
  };
}
