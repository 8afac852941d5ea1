import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type { MilestoneEntity } from '../entities/milestone.entity';
import type { ProjectEntity } from '../entities/project.entity';
import type { DeliveryReads } from '../repositories/delivery-reads.repository';
import { fetchByUuids, uuidsOf } from './ids';

export function projectLoader(reads: DeliveryReads) {
  return keyedLoader<string, ProjectEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.projectsByIds(ids)),
    (project) => project.id,
  );
}

/** Projects of each engagement, oldest first. */
export function projectsByEngagementLoader(reads: DeliveryReads) {
  return groupedLoader<string, ProjectEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.projectsByEngagementIds(ids)),
    (project) => project.engagementId,
  );
}

/** Milestones of each project in due-date order. */
export function milestonesByProjectLoader(reads: DeliveryReads) {
  return groupedLoader<string, MilestoneEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.milestonesByProjectIds(ids)),
    (milestone) => milestone.projectId,
  );
}

export function milestoneLoader(reads: DeliveryReads) {
  return keyedLoader<string, MilestoneEntity>(
    (keys) => fetchByUuids(keys, (ids) => reads.milestonesByIds(ids)),
    (milestone) => milestone.id,
  );
}

/** Total minutes logged on each project, in one aggregate query per batch. */
export function loggedMinutesByProjectLoader(reads: DeliveryReads) {
  return new DataLoader<string, number>(async (keys) => {
    const ids = uuidsOf(keys);
    const byProject =
      ids.length === 0 ? new Map<string, number>() : await reads.loggedMinutesByProjectIds(ids);
    return keys.map((key) => byProject.get(key) ?? 0);
  });
}
