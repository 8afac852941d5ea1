import type { RequestContext } from '@platform/graphql-kit';
import type { AllocationCommands } from './application/allocation.commands';
import type { DeliveryQueries } from './application/delivery.queries';
import type { MilestoneCommands } from './application/milestone.commands';
import type { ProjectCommands } from './application/project.commands';
import type { TeamCommands } from './application/team.commands';
import type { TimeOffCommands } from './application/time-off.commands';
import type { TimeCommands } from './application/time.commands';
import type { DeliveryLoaders } from './loaders';

export interface DeliveryCommands {
  team: TeamCommands;
  allocations: AllocationCommands;
  timeOff: TimeOffCommands;
  projects: ProjectCommands;
  milestones: MilestoneCommands;
  time: TimeCommands;
}

export interface DeliveryContext extends RequestContext {
  loaders: DeliveryLoaders;
  commands: DeliveryCommands;
  queries: DeliveryQueries;
}
