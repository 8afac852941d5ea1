import type { RequestContext } from '@platform/graphql-kit';
import type { ClientCommands } from './application/client.commands';
import type { OpportunityCommands } from './application/opportunity.commands';
import type { SalesQueries } from './application/sales.queries';
import type { SalesLoaders } from './loaders/sales.loader';

export interface SalesCommands {
  clients: ClientCommands;
  opportunities: OpportunityCommands;
}

export interface SalesContext extends RequestContext {
  loaders: SalesLoaders;
  commands: SalesCommands;
  queries: SalesQueries;
}
