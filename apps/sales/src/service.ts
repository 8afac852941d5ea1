import { join } from 'node:path';
import { z } from 'zod';
import type { ServiceDefinition } from '@platform/service-kit';
import type { SalesContext } from './context';
import { ClientCommands } from './domain/clients';
import { OpportunityCommands } from './domain/opportunities';
import { salesEntities } from './entities';
import { onEngagementActualsRecorded } from './events/engagement-actuals-recorded.consumer';
import { onTeamMemberUpserted } from './events/team-member-upserted.consumer';
import { createSalesLoaders } from './loaders/sales.loader';
import { salesMigrations } from './migrations';
import { salesResolvers } from './resolvers';

export const salesEnv = {
  /** Estimated margin % under which a contract also needs a FINANCE approval. */
  MARGIN_THRESHOLD_PERCENT: z.coerce.number().min(0).max(100).default(20),
};

export const salesService: ServiceDefinition<SalesContext, typeof salesEnv> = {
  name: 'sales',
  defaultPort: 4001,
  defaultDatabase: 'sales',
  env: salesEnv,
  schemaPath: join(__dirname, 'schema.graphql'),
  entities: salesEntities,
  migrations: salesMigrations,
  resolvers: salesResolvers,
  buildContext: (base, deps) => {
    const marginThresholdPercent = deps.config.MARGIN_THRESHOLD_PERCENT;
    return {
      ...base,
      loaders: createSalesLoaders(deps.dataSource),
      clients: new ClientCommands(deps),
      opportunities: new OpportunityCommands({ ...deps, marginThresholdPercent }),
      manager: deps.dataSource.manager,
      marginThresholdPercent,
    };
  },
  handlers: () => ({
    TeamMemberUpserted: onTeamMemberUpserted,
    EngagementActualsRecorded: onEngagementActualsRecorded,
  }),
};
