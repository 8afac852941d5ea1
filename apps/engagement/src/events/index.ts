import type { EventHandlers } from '@platform/messaging';
import { contractSignedConsumer } from './contract-signed.consumer';
import {
  onAllocationChanged,
  onMilestonePlanned,
  onMilestoneSignedOff,
  onProjectCancelled,
  onProjectCompleted,
  onProjectCreated,
  onProjectStarted,
  onTeamMemberUpserted,
  onTimeOffCancelled,
  onTimeOffRecorded,
} from './delivery.consumer';
import type { EngagementEvents } from './engagement.publisher';
import {
  onBudgetThresholdCrossed,
  onForecastChanged,
  onMarginAlertCleared,
  onMarginAlertRaised,
  onRiskCleared,
  onRiskRaised,
} from './margin-alert.consumer';

export function engagementHandlers(events: EngagementEvents): EventHandlers {
  return {
    ContractSigned: contractSignedConsumer(events),
    TeamMemberUpserted: onTeamMemberUpserted,
    AllocationChanged: onAllocationChanged,
    TimeOffRecorded: onTimeOffRecorded,
    TimeOffCancelled: onTimeOffCancelled,
    MilestonePlanned: onMilestonePlanned,
    MilestoneSignedOff: onMilestoneSignedOff,
    ProjectCreated: onProjectCreated,
    ProjectStarted: onProjectStarted,
    ProjectCompleted: onProjectCompleted,
    ProjectCancelled: onProjectCancelled,
    MarginAlertRaised: onMarginAlertRaised,
    MarginAlertCleared: onMarginAlertCleared,
    RiskRaised: onRiskRaised,
    RiskCleared: onRiskCleared,
    BudgetThresholdCrossed: onBudgetThresholdCrossed,
    ForecastChanged: onForecastChanged,
  };
}
