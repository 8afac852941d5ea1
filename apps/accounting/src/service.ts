import { join } from 'node:path';
import { requestSnapshot } from '@platform/db';
import type { ServiceDefinition } from '@platform/service-kit';
import { AccountingCommands } from './application/accounting.commands';
import { AccountingQueries } from './application/accounting.queries';
import { sweepMarginAlerts } from './application/margin-alerts.commands';
import { accountingEnv, riskSettings } from './config';
import type { AccountingContext } from './context';
import { entities } from './entities';
import { accountingHandlers } from './events';
import { AccountingEvents } from './events/accounting.publisher';
import { reportRoutes } from './http/csv-report.route';
import { estimateAccuracyCsvRoute } from './http/estimate-accuracy-csv.route';
import { profitabilityCsvRoute } from './http/profitability-csv.route';
import { createLoaders } from './loaders/accounting.loader';
import { migrations } from './migrations';
import { resolvers } from './resolvers';

/** Rate cards, invoices and live profitability, projected from every other service's events. */
export const accountingService: ServiceDefinition<AccountingContext, typeof accountingEnv> = {
  name: 'accounting',
  defaultPort: 4004,
  defaultDatabase: 'accounting',
  env: accountingEnv,
  schemaPath: join(__dirname, 'schema.graphql'),
  entities,
  migrations,
  resolvers,
  buildContext: (base, deps) => {
    // A query's reads share one snapshot (issue 17, torn reads); a mutation's read live.
    const reads = requestSnapshot(deps.dataSource, base.scope);
    const loaders = createLoaders(reads, riskSettings(deps));
    return {
      ...base,
      loaders,
      commands: new AccountingCommands(
        deps.dataSource,
        new AccountingEvents(deps.outbox),
        base.logger,
        riskSettings(deps),
      ),
      queries: new AccountingQueries(reads, loaders),
    };
  },
  handlers: accountingHandlers,
  routes: reportRoutes(profitabilityCsvRoute, estimateAccuracyCsvRoute),
  jobs: (deps) => [
    {
      name: 'margin-sweep',
      intervalMs: deps.config.MARGIN_SWEEP_INTERVAL_SECONDS * 1000,
      run: async () => {
        const { evaluated } = await sweepMarginAlerts(
          deps.dataSource,
          new AccountingEvents(deps.outbox),
          deps.config.MARGIN_THRESHOLD_PERCENT,
          new Date(),
          deps.config.BURN_AHEAD_POINTS,
        );
        deps.logger.info({ evaluated }, 'margin alerts swept');
      },
    },
  ],
};
