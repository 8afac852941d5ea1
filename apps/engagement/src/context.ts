import type { RequestContext } from '@platform/graphql-kit';
import type { EngagementCommands } from './application/engagement.commands';
import type { EngagementQueries } from './application/engagement.queries';
import type { EngagementLoaders } from './loaders/engagement.loader';

export interface EngagementContext extends RequestContext {
  loaders: EngagementLoaders;
  commands: EngagementCommands;
  queries: EngagementQueries;
}
