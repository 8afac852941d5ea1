import { join } from 'node:path';
import { requestSnapshot } from '@platform/db';
import { z } from 'zod';
import type { ServiceDefinition } from '@platform/service-kit';
import { EngagementCommands } from './application/engagement.commands';
import { EngagementQueries } from './application/engagement.queries';
import type { EngagementContext } from './context';
import { entities } from './entities';
import { engagementHandlers } from './events';
import { EngagementEvents } from './events/engagement.publisher';
import { createEngagementLoaders } from './loaders/engagement.loader';
import { migrations } from './migrations';
import { EngagementRepository } from './repositories/engagement.repository';
import { resolvers } from './resolvers';

const env = {
  /** Days from contract signature by which the handoff checklist should be complete. */
  HANDOFF_DEADLINE_DAYS: z.coerce.number().int().positive().default(10),
};

export const engagementService: ServiceDefinition<EngagementContext, typeof env> = {
  name: 'engagement',
  defaultPort: 4002,
  defaultDatabase: 'engagement',
  env,
  schemaPath: join(__dirname, 'schema.graphql'),
  entities,
  migrations,
  resolvers,
  buildContext: (base, deps) => {
    // A query's reads share one snapshot (issue 17, torn reads); a mutation's read live.
    const repository = new EngagementRepository(requestSnapshot(deps.dataSource, base.scope));
    return {
      ...base,
      loaders: createEngagementLoaders(repository),
      commands: new EngagementCommands(deps.dataSource, new EngagementEvents(deps.outbox)),
      queries: new EngagementQueries(repository, deps.config.HANDOFF_DEADLINE_DAYS),
    };
  },
  handlers: (deps) => engagementHandlers(new EngagementEvents(deps.outbox)),
};
