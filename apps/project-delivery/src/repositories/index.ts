import type { EntityManager } from 'typeorm';
import { EngagementRepository } from './engagement.repository';
import { ProjectRepository } from './project.repository';
import { TeamRepository } from './team.repository';
import { TimeEntryRepository } from './time-entry.repository';

/** The repositories of one transaction, all on its EntityManager. */
export function repositoriesOf(manager: EntityManager) {
  return {
    engagements: new EngagementRepository(manager),
    projects: new ProjectRepository(manager),
    team: new TeamRepository(manager),
    time: new TimeEntryRepository(manager),
  };
}

export type DeliveryRepositories = ReturnType<typeof repositoriesOf>;
