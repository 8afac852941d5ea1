import type { RequestContext } from '@platform/graphql-kit';
import type { AccountingCommands } from './application/accounting.commands';
import type { AccountingQueries } from './application/accounting.queries';
import type { AccountingLoaders } from './loaders/accounting.loader';

export interface AccountingContext extends RequestContext {
  loaders: AccountingLoaders;
  commands: AccountingCommands;
  queries: AccountingQueries;
}
