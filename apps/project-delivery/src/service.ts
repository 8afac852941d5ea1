import { join } from 'node:path';
import { requestSnapshot } from '@platform/db';
import type { ServiceDefinition } from '@platform/service-kit';
import { AllocationCommands } from './application/allocation.commands';
import { DeliveryQueries } from './application/delivery.queries';
import { MilestoneCommands } from './application/milestone.commands';
import { ProjectCommands } from './application/project.commands';
import { TeamCommands } from './application/team.commands';
import { TimeOffCommands } from './application/time-off.commands';
import { TimeCommands } from './application/time.commands';
import type { DeliveryContext } from './context';
import { entities } from './entities';
import { DeliveryEvents } from './events/delivery.publisher';
import { engagementConsumers } from './events/engagement.consumer';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { DeliveryReads } from './repositories/delivery-reads.repository';
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
  buildContext: (base, deps) => {
    // A query's reads share one snapshot (issue 17, torn reads); a mutation's transactions read live.
    const reads = new DeliveryReads(requestSnapshot(deps.dataSource, base.scope));
    const loaders = createLoaders(reads);
    const events = new DeliveryEvents(deps.outbox);
    return {
      ...base,
      loaders,
      commands: {
        team: new TeamCommands(deps.dataSource, events),
        allocations: new AllocationCommands(deps.dataSource, events),
        timeOff: new TimeOffCommands(deps.dataSource, events),
        projects: new ProjectCommands(deps.dataSource, events),
        milestones: new MilestoneCommands(deps.dataSource, events),
        time: new TimeCommands(deps.dataSource, events),
      },
      queries: new DeliveryQueries(reads, loaders),
    };
  },
  handlers: (deps) => engagementConsumers(new DeliveryEvents(deps.outbox)),
};
