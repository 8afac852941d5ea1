import { join } from 'node:path';
import { MARGIN_THRESHOLD_PERCENT } from '@platform/config';
import { requestSnapshot } from '@platform/db';
import type { ServiceDefinition } from '@platform/service-kit';
import { ClientCommands } from './application/client.commands';
import { OpportunityCommands } from './application/opportunity.commands';
import { SalesQueries } from './application/sales.queries';
import type { SalesContext } from './context';
import { entities } from './entities';
import { salesHandlers } from './events';
import { SalesEvents } from './events/sales.publisher';
import { createSalesLoaders } from './loaders/sales.loader';
import { migrations } from './migrations';
import { SalesRepository } from './repositories/sales.repository';
import { resolvers } from './resolvers';

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
  entities,
  migrations,
  resolvers,
  buildContext: (base, deps) => {
    const marginThresholdPercent = deps.config.MARGIN_THRESHOLD_PERCENT;
    // A query's reads share one snapshot (issue 17, torn reads); a mutation's read live.
    const reads = requestSnapshot(deps.dataSource, base.scope);
    const events = new SalesEvents(deps.outbox);
    return {
      ...base,
      loaders: createSalesLoaders(reads),
      commands: {
        clients: new ClientCommands(deps.dataSource, events),
        opportunities: new OpportunityCommands(deps.dataSource, events, marginThresholdPercent),
      },
      queries: new SalesQueries(new SalesRepository(reads), marginThresholdPercent),
    };
  },
  handlers: () => salesHandlers(),
};
