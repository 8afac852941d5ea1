import { In, type EntityManager } from 'typeorm';
import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import { TimeEntryEntity } from '../entities/time-entry.entity';
import { fetchByUuids, uuidsOf } from './ids';

export function projectLoader(dataSource: EntityManager) {
  return keyedLoader<string, ProjectEntity>(
    (keys) => fetchByUuids(keys, (ids) => dataSource.getRepository(ProjectEntity).findBy({ id: In(ids) })),
    (project) => project.id,
  );
}

/** Projects of each engagement, oldest first. */
export function projectsByEngagementLoader(dataSource: EntityManager) {
  return groupedLoader<string, ProjectEntity>(
    (keys) =>
      fetchByUuids(keys, (ids) =>
        dataSource
          .getRepository(ProjectEntity)
          .find({ where: { engagementId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      ),
    (project) => project.engagementId,
  );
}

/** Milestones of each project in due-date order. */
export function milestonesByProjectLoader(dataSource: EntityManager) {
  return groupedLoader<string, MilestoneEntity>(
    (keys) =>
      fetchByUuids(keys, (ids) =>
        dataSource
          .getRepository(MilestoneEntity)
          .find({ where: { projectId: In(ids) }, order: { dueDate: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
      ),
    (milestone) => milestone.projectId,
  );
}

export function milestoneLoader(dataSource: EntityManager) {
  return keyedLoader<string, MilestoneEntity>(
    (keys) => fetchByUuids(keys, (ids) => dataSource.getRepository(MilestoneEntity).findBy({ id: In(ids) })),
    (milestone) => milestone.id,
  );
}

/** Total minutes logged on each project, in one aggregate query per batch. */
export function loggedMinutesByProjectLoader(dataSource: EntityManager) {
  return new DataLoader<string, number>(async (keys) => {
    const ids = uuidsOf(keys);
    const rows =
      ids.length === 0
        ? []
        : await dataSource
            .getRepository(TimeEntryEntity)
            .createQueryBuilder('t')
            .select('t.projectId', 'projectId')
            .addSelect('SUM(t.minutes)::int', 'minutes')
            .where('t.project_id IN (:...ids)', { ids })
            .groupBy('t.project_id')
            .getRawMany<{ projectId: string; minutes: number }>();
    const byProject = new Map(rows.map((row) => [row.projectId, Number(row.minutes)]));
    return keys.map((key) => byProject.get(key) ?? 0);
  });
}
