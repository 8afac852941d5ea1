import { requestSnapshot } from '@platform/db';
import { join } from 'node:path';
import { MARGIN_THRESHOLD_PERCENT } from '@platform/config';
import type { ServiceDefinition } from '@platform/service-kit';
import type { SalesContext } from './context';
import { ClientCommands } from './domain/clients';
import { OpportunityCommands } from './domain/opportunities';
import { salesEntities } from './entities';
import { onRoleRateSet } from './events/role-rate-set.consumer';
import { onEngagementActualsRecorded } from './events/engagement-actuals-recorded.consumer';
import { onTeamMemberUpserted } from './events/team-member-upserted.consumer';
import { createSalesLoaders } from './loaders/sales.loader';
import { salesMigrations } from './migrations';
import { salesResolvers } from './resolvers';

export const salesEnv = {
  /** Estimated margin % under which a contract also needs a FINANCE approval. */
  MARGIN_THRESHOLD_PERCENT,
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
    // A query's reads share one snapshot (issue 17, torn reads); a mutation's read live.
    const reads = requestSnapshot(deps.dataSource, base.scope);
    return {
      ...base,
      loaders: createSalesLoaders(reads),
      clients: new ClientCommands(deps),
      opportunities: new OpportunityCommands({ ...deps, marginThresholdPercent }),
      manager: reads,
      marginThresholdPercent,
    };
  },
  handlers: () => ({
    TeamMemberUpserted: onTeamMemberUpserted,
    RoleRateSet: onRoleRateSet,
    EngagementActualsRecorded: onEngagementActualsRecorded,
  }),
};
