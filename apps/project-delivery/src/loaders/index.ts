import type { EntityManager } from 'typeorm';
import { allocationsByMemberLoader, capacityFactsLoader, memberLoader } from './member.loader';
import {
  loggedMinutesByProjectLoader,
  milestoneLoader,
  milestonesByProjectLoader,
  projectLoader,
  projectsByEngagementLoader,
} from './project.loader';
import { timeEntriesLoader } from './time-entry.loader';

/** Created per request in buildContext, so nothing is cached across callers. */
export function createLoaders(dataSource: EntityManager) {
  return {
    member: memberLoader(dataSource),
    allocationsByMember: allocationsByMemberLoader(dataSource),
    capacityFacts: capacityFactsLoader(dataSource),
    project: projectLoader(dataSource),
    projectsByEngagement: projectsByEngagementLoader(dataSource),
    milestone: milestoneLoader(dataSource),
    milestonesByProject: milestonesByProjectLoader(dataSource),
    loggedMinutesByProject: loggedMinutesByProjectLoader(dataSource),
    timeEntries: timeEntriesLoader(dataSource),
  };
}

export type DeliveryLoaders = ReturnType<typeof createLoaders>;
