import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { assignRoles, closeLedger, openLedger, recordChangeOrder, upsertClientLabel } from '../domain/ledger';
import { deferMarginAlerts } from '../domain/margin-alerts';
import { recostEntries } from '../domain/time-entries';
import { ContractRateRepository } from '../repositories/contract-rate.repository';

/**
 * Ledger facts from sales and engagement: opened, owners, change orders (with the rates they
 * add), closed, client names, and the rate table of each signed contract.
 */
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
      const p = event.payload;
      const approvedAt = new Date(p.approvedAt);
      const rates = new ContractRateRepository(manager);
      if (await rates.recordChangeOrderRates(p.engagementId, p.changeOrderId, p.rates, approvedAt)) {
        // Entries from the approval on under the role the change order priced are billed at its rate.
        await recostEntries(manager, { engagementId: p.engagementId }, approvedAt, deps.logger);
        alerts.add(p.engagementId);
      }
    },
    // v1 messages (signed before contracts carried rates) reach this handler upcast, their rate
    // table built from the estimate lines.
    ContractSigned: async (event, manager, chunk) => {
      const p = event.payload;
      const rates = new ContractRateRepository(manager);
      const engagementId = await rates.recordContractRates(p.contractId.toLowerCase(), p.rates);
      if (engagementId === null) return; // the ledger re-costs its entries when it opens
      await recostEntries(manager, { engagementId }, new Date(p.signedAt), deps.logger);
      deferMarginAlerts(chunk, deps.outbox, threshold).add(engagementId);
    },
    EngagementClosed: async (event, manager) => {
      await closeLedger(manager, event.payload);
    },
    ClientCreated: async (event, manager) => {
      await upsertClientLabel(manager, event.payload);
    },
  };
}
