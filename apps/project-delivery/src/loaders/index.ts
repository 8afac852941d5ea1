import type { DeliveryReads } from '../repositories/delivery-reads.repository';
import {
  allocationsByMemberLoader,
  capacityFactsLoader,
  memberLoader,
  timeOffByMemberLoader,
} from './member.loader';
import {
  loggedMinutesByProjectLoader,
  milestoneLoader,
  milestonesByProjectLoader,
  projectLoader,
  projectsByEngagementLoader,
} from './project.loader';
import { timeEntriesLoader } from './time-entry.loader';

/** Created per request in buildContext, so nothing is cached across callers. */
export function createLoaders(reads: DeliveryReads) {
  return {
    member: memberLoader(reads),
    allocationsByMember: allocationsByMemberLoader(reads),
    capacityFacts: capacityFactsLoader(reads),
    timeOffByMember: timeOffByMemberLoader(reads),
    project: projectLoader(reads),
    projectsByEngagement: projectsByEngagementLoader(reads),
    milestone: milestoneLoader(reads),
    milestonesByProject: milestonesByProjectLoader(reads),
    loggedMinutesByProject: loggedMinutesByProjectLoader(reads),
    timeEntries: timeEntriesLoader(reads),
  };
}

export type DeliveryLoaders = ReturnType<typeof createLoaders>;
