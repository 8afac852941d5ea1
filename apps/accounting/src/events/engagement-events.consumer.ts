import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { assignRoles, closeLedger, openLedger, recordChangeOrder, upsertClientLabel } from '../domain/ledger';
import { deferMarginAlerts } from '../domain/margin-alerts';

/** Ledger facts from sales and engagement: opened, owners, change orders, closed, client names. */
export function engagementEventHandlers(deps: AccountingDeps): EventHandlers {
  const threshold = deps.config.MARGIN_THRESHOLD_PERCENT;
  const burnAhead = deps.config.BURN_AHEAD_POINTS;
  return {
    EngagementOpened: async (event, manager, chunk) => {
      const changed = await openLedger(manager, event.payload, deps.logger);
      const alerts = deferMarginAlerts(chunk, deps.outbox, threshold, burnAhead);
      for (const id of changed) alerts.add(id);
    },
    EngagementRolesAssigned: async (event, manager) => {
      await assignRoles(manager, event.payload);
    },
    ChangeOrderApproved: async (event, manager, chunk) => {
      const changed = await recordChangeOrder(manager, event.payload, deps.logger);
      const alerts = deferMarginAlerts(chunk, deps.outbox, threshold, burnAhead);
      for (const id of changed) alerts.add(id);
    },
    EngagementClosed: async (event, manager) => {
      await closeLedger(manager, event.payload);
    },
    ClientCreated: async (event, manager) => {
      await upsertClientLabel(manager, event.payload);
    },
  };
}
