import { AllocationEntity } from './allocation.entity';
import { ChangeOrderEntity } from './change-order.entity';
import { EngagementEntity } from './engagement.entity';
import { MilestoneEntity } from './milestone.entity';
import { ProjectEntity } from './project.entity';
import { TeamMemberEntity } from './team-member.entity';
import { TimeEntryEntity } from './time-entry.entity';
import { TimeOffEntity } from './time-off.entity';

export {
  AllocationEntity,
  ChangeOrderEntity,
  EngagementEntity,
  MilestoneEntity,
  ProjectEntity,
  TeamMemberEntity,
  TimeEntryEntity,
  TimeOffEntity,
};

export const entities = [
  AllocationEntity,
  ChangeOrderEntity,
  EngagementEntity,
  MilestoneEntity,
  ProjectEntity,
  TeamMemberEntity,
  TimeEntryEntity,
  TimeOffEntity,
];
