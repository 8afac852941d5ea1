import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { assignRoles, closeLedger, openLedger, recordChangeOrder, upsertClientLabel } from '../domain/ledger';
import { deferActuals } from '../application/engagement-actuals';
import { deferMarginAlerts } from '../domain/margin-alerts';
import { recostEntries } from '../domain/time-entries';
import { ContractRateRepository } from '../repositories/contract-rate.repository';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';

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
      const contractId = p.contractId.toLowerCase();
      await new EngagementActualsRepository(manager).recordSeller(
        contractId,
        p.opportunityId.toLowerCase(),
        p.sellerId.toLowerCase(),
      );
      const engagementId = await rates.recordContractRates(contractId, p.rates);
      if (engagementId === null) return; // the ledger re-costs its entries when it opens
      // A contract read after its engagement closed (a replay) completes the closed engagement's actuals.
      deferActuals(chunk, deps.outbox).add(engagementId);
      await recostEntries(manager, { engagementId }, new Date(p.signedAt), deps.logger);
      deferMarginAlerts(chunk, deps.outbox, threshold).add(engagementId);
    },
    EngagementClosed: async (event, manager, chunk) => {
      await closeLedger(manager, event.payload);
      deferActuals(chunk, deps.outbox).add(event.payload.engagementId.toLowerCase());
    },
    ClientCreated: async (event, manager) => {
      await upsertClientLabel(manager, event.payload);
    },
  };
}
