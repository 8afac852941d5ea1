import type { RequestContext } from '@platform/graphql-kit';
import type { AccountingDeps } from './config';
import { createLoaders, type AccountingLoaders } from './loaders/accounting.loader';

export interface AccountingContext extends RequestContext {
  deps: AccountingDeps;
  loaders: AccountingLoaders;
}

export function buildContext(base: RequestContext, deps: AccountingDeps): AccountingContext {
  return {
    ...base,
    deps,
    loaders: createLoaders(
      deps.dataSource,
      deps.config.MARGIN_THRESHOLD_PERCENT,
      undefined,
      deps.config.BURN_AHEAD_POINTS,
    ),
  };
}
