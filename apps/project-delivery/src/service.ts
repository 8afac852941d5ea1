import { join } from 'node:path';
import type { ServiceDefinition } from '@platform/service-kit';
import { buildContext, type DeliveryContext } from './context';
import { entities } from './entities';
import { engagementConsumers } from './events/engagement.consumer';
import { migrations } from './migrations';
import { resolvers } from './resolvers';

/** Team and capacity, projects and milestones, allocations and time entries. */
export const projectDeliveryService: ServiceDefinition<DeliveryContext> = {
  name: 'project-delivery',
  defaultPort: 4003,
  defaultDatabase: 'project_delivery',
  schemaPath: join(__dirname, 'schema.graphql'),
  entities,
  migrations,
  resolvers,
  buildContext,
  handlers: () => engagementConsumers(),
};
