import { requestSnapshot } from '@platform/db';
import type { RequestContext } from '@platform/graphql-kit';
import type { EntityManager } from 'typeorm';
import type { AccountingDeps } from './config';
import { createLoaders, type AccountingLoaders } from './loaders/accounting.loader';

export interface AccountingContext extends RequestContext {
  deps: AccountingDeps;
  loaders: AccountingLoaders;
  /** Reads of a query: one snapshot for the whole request (requestSnapshot). */
  reads: EntityManager;
}

export function buildContext(base: RequestContext, deps: AccountingDeps): AccountingContext {
  const reads = requestSnapshot(deps.dataSource, base.scope);
  return { ...base, deps, reads, loaders: createLoaders(reads, deps.config.MARGIN_THRESHOLD_PERCENT) };
}
