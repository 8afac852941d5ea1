import type { EventHandlers } from '@platform/messaging';
import {
  recordChangeOrderApproved,
  recordEngagementClosed,
  recordEngagementOpened,
  recordRolesAssigned,
} from '../domain/engagement-projection';

/** What delivery keeps from the engagement service: the engagements, their roles, closing and change orders. */
export function engagementConsumers(): EventHandlers {
  return {
    EngagementOpened: async ({ payload: p }, manager) =>
      recordEngagementOpened(manager, {
        engagementId: p.engagementId,
        name: p.name,
        currency: p.contractValue.currency,
        startDate: p.startDate,
        endDate: p.endDate,
        accountManagerId: p.accountManagerId,
        deliveryOwnerId: p.deliveryOwnerId,
        openedAt: p.openedAt,
        budgetMinutes: p.budgetMinutes,
      }),
    EngagementRolesAssigned: async ({ payload: p }, manager) => recordRolesAssigned(manager, p),
    EngagementClosed: async ({ payload: p }, manager) => recordEngagementClosed(manager, p),
    ChangeOrderApproved: async ({ payload: p }, manager) =>
      recordChangeOrderApproved(manager, {
        changeOrderId: p.changeOrderId,
        engagementId: p.engagementId,
        minutesDelta: p.minutesDelta,
        scheduleDeltaDays: p.scheduleDeltaDays,
        approvedAt: p.approvedAt,
      }),
  };
}
