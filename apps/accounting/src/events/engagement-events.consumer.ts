import type { ChunkScope, EventHandlers } from '@platform/messaging';
import type { EntityManager } from 'typeorm';
import type { AccountingDeps } from '../config';
import { deferActuals } from '../application/engagement-actuals.commands';
import {
  assignRoles,
  closeLedger,
  openLedger,
  recordChangeOrder,
  recordChangeOrderRates,
  lockLedgersOf,
  recordContract,
  upsertClientLabel,
} from '../application/ledger.commands';
import { deferMarginAlerts } from '../application/margin-alerts.commands';
import { AccountingEvents } from './accounting.publisher';

/**
 * Ledger facts from sales and engagement: opened, owners, change orders (with the rates they
 * add), closed, client names, and the rate table of each signed contract.
 */
export function engagementEventHandlers(deps: AccountingDeps): EventHandlers {
  const threshold = deps.config.MARGIN_THRESHOLD_PERCENT;
  const burnAhead = deps.config.BURN_AHEAD_POINTS;
  const events = new AccountingEvents(deps.outbox);
  // At the chunk's first ledger event: the locks of all of them, in key order, before any write.
  const lockedChunks = new WeakSet<ChunkScope>();
  const locked = async (chunk: ChunkScope, manager: EntityManager) => {
    if (lockedChunks.has(chunk)) return;
    lockedChunks.add(chunk);
    await lockLedgersOf(manager, chunk.events);
  };
  return {
    EngagementOpened: async (event, manager, chunk) => {
      await locked(chunk, manager);
      const changed = await openLedger(manager, event.payload, deps.logger);
      const alerts = deferMarginAlerts(chunk, events, threshold, burnAhead);
      for (const id of changed) alerts.add(id);
    },
    EngagementRolesAssigned: async (event, manager, chunk) => {
      await locked(chunk, manager);
      await assignRoles(manager, event.payload);
    },
    ChangeOrderApproved: async (event, manager, chunk) => {
      await locked(chunk, manager);
      const changed = await recordChangeOrder(manager, event.payload, deps.logger);
      const alerts = deferMarginAlerts(chunk, events, threshold, burnAhead);
      for (const id of changed) alerts.add(id);
      if (await recordChangeOrderRates(manager, event.payload, deps.logger))
        alerts.add(event.payload.engagementId);
    },
    // v1 messages (signed before contracts carried rates) reach this handler upcast, their rate
    // table built from the estimate lines.
    ContractSigned: async (event, manager, chunk) => {
      await locked(chunk, manager);
      const engagementId = await recordContract(manager, event.payload, deps.logger);
      if (engagementId === null) return; // the ledger re-costs its entries when it opens
      // A contract read after its engagement closed (a replay) completes the closed engagement's actuals.
      deferActuals(chunk, events).add(engagementId);
      deferMarginAlerts(chunk, events, threshold, burnAhead).add(engagementId);
    },
    EngagementClosed: async (event, manager, chunk) => {
      await locked(chunk, manager);
      await closeLedger(manager, event.payload);
      deferActuals(chunk, events).add(event.payload.engagementId.toLowerCase());
    },
    ClientCreated: async (event, manager) => {
      await upsertClientLabel(manager, event.payload);
    },
  };
}
