import type { EventHandlers } from '@platform/messaging';
import { onEngagementActualsRecorded } from './engagement-actuals-recorded.consumer';
import { onRoleRateSet } from './role-rate-set.consumer';
import { onTeamMemberUpserted } from './team-member-upserted.consumer';

export function salesHandlers(): EventHandlers {
  return {
    TeamMemberUpserted: onTeamMemberUpserted,
    RoleRateSet: onRoleRateSet,
    EngagementActualsRecorded: onEngagementActualsRecorded,
  };
}
