import { join } from 'node:path';
import type { ServiceDefinition } from '@platform/service-kit';
import { accountingEnv } from './config';
import { buildContext, type AccountingContext } from './context';
import { entities } from './entities';
import { sweepMarginAlerts } from './domain/margin-alerts';
import { accountingHandlers } from './events';
import { reportRoutes } from './http/csv-report.route';
import { estimateAccuracyCsvRoute } from './http/estimate-accuracy-csv.route';
import { profitabilityCsvRoute } from './http/profitability-csv.route';
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
  buildContext,
  handlers: accountingHandlers,
  routes: reportRoutes(profitabilityCsvRoute, estimateAccuracyCsvRoute),
  jobs: (deps) => [
    {
      name: 'margin-sweep',
      intervalMs: deps.config.MARGIN_SWEEP_INTERVAL_SECONDS * 1000,
      run: async () => {
        const { evaluated } = await sweepMarginAlerts(
          deps.dataSource,
          deps.outbox,
          deps.config.MARGIN_THRESHOLD_PERCENT,
          new Date(),
          deps.config.BURN_AHEAD_POINTS,
        );
        deps.logger.info({ evaluated }, 'margin alerts swept');
      },
    },
  ],
};
