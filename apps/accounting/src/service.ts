import { join } from 'node:path';
import type { ServiceDefinition } from '@platform/service-kit';
import { accountingEnv } from './config';
import { buildContext, type AccountingContext } from './context';
import { entities } from './entities';
import { accountingHandlers } from './events';
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
  routes: profitabilityCsvRoute,
};
