import { AllocationEntity } from './allocation.entity';
import { BudgetAlertEntity } from './budget-alert.entity';
import { ChangeOrderEntity } from './change-order.entity';
import { EngagementEntity } from './engagement.entity';
import { ForecastMarginEntity } from './forecast-margin.entity';
import { HandoffFactEntity } from './handoff-fact.entity';
import { MarginAlertEntity } from './margin-alert.entity';
import { MilestoneDateEntity } from './milestone-date.entity';
import { PostImplementationReviewEntity } from './post-implementation-review.entity';
import { ProjectStatusEntity } from './project-status.entity';
import { RiskSignalEntity } from './risk-signal.entity';
import { StatusReportEntity } from './status-report.entity';
import { TeamMemberEntity } from './team-member.entity';
import { TimeOffEntity } from './time-off.entity';

export * from './allocation.entity';
export * from './budget-alert.entity';
export * from './change-order.entity';
export * from './engagement.entity';
export * from './forecast-margin.entity';
export * from './handoff-fact.entity';
export * from './margin-alert.entity';
export * from './milestone-date.entity';
export * from './post-implementation-review.entity';
export * from './project-status.entity';
export * from './risk-signal.entity';
export * from './status-report.entity';
export * from './team-member.entity';
export * from './time-off.entity';

export const entities = [
  EngagementEntity,
  HandoffFactEntity,
  ChangeOrderEntity,
  PostImplementationReviewEntity,
  TeamMemberEntity,
  AllocationEntity,
  ProjectStatusEntity,
  MarginAlertEntity,
  RiskSignalEntity,
  BudgetAlertEntity,
  StatusReportEntity,
  ForecastMarginEntity,
  MilestoneDateEntity,
  TimeOffEntity,
];
