import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { assignRoles, closeLedger, openLedger, recordChangeOrder, upsertClientLabel } from '../domain/ledger';
import { evaluateMarginAlerts } from '../domain/margin-alerts';

/** Ledger facts from sales and engagement: opened, owners, change orders, closed, client names. */
export function engagementEventHandlers(deps: AccountingDeps): EventHandlers {
  const threshold = deps.config.MARGIN_THRESHOLD_PERCENT;
  return {
    EngagementOpened: async (event, manager) => {
      const changed = await openLedger(manager, event.payload, deps.logger);
      await evaluateMarginAlerts(manager, deps.outbox, changed, threshold);
    },
    EngagementRolesAssigned: async (event, manager) => {
      await assignRoles(manager, event.payload);
    },
    ChangeOrderApproved: async (event, manager) => {
      const changed = await recordChangeOrder(manager, event.payload, deps.logger);
      await evaluateMarginAlerts(manager, deps.outbox, changed, threshold);
    },
    EngagementClosed: async (event, manager) => {
      await closeLedger(manager, event.payload);
    },
    ClientCreated: async (event, manager) => {
      await upsertClientLabel(manager, event.payload);
    },
  };
}
