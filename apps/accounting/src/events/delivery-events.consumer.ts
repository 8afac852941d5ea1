import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { issueMilestoneInvoice } from '../domain/invoices';
import { upsertMemberLabel } from '../domain/ledger';
import { evaluateMarginAlerts } from '../domain/margin-alerts';
import { applyEntryEvent, type EntryEvent } from '../domain/time-entries';

/** Time entries (costed into the rollups), milestone invoices and member names from delivery. */
export function deliveryEventHandlers(deps: AccountingDeps): EventHandlers {
  const threshold = deps.config.MARGIN_THRESHOLD_PERCENT;
  const apply = async (
    entry: EntryEvent,
    manager: Parameters<NonNullable<EventHandlers['TimeLogged']>>[1],
  ) => {
    const normalized = {
      ...entry,
      entryId: entry.entryId.toLowerCase(),
      engagementId: entry.engagementId.toLowerCase(),
      memberId: entry.memberId.toLowerCase(),
    };
    const { engagementIds } = await applyEntryEvent(manager, normalized, deps.logger);
    await evaluateMarginAlerts(manager, deps.outbox, engagementIds, threshold);
  };
  return {
    TimeLogged: async ({ payload: p }, manager) =>
      apply({ ...p, deleted: false, at: new Date(p.loggedAt) }, manager),
    TimeEntryCorrected: async ({ payload: p }, manager) =>
      apply({ ...p, deleted: false, at: new Date(p.correctedAt) }, manager),
    TimeEntryDeleted: async ({ payload: p }, manager) =>
      apply({ ...p, minutes: 0, billable: false, deleted: true, at: new Date(p.deletedAt) }, manager),
    MilestoneSignedOff: async (event, manager) => {
      await issueMilestoneInvoice(manager, deps.outbox, event.payload, deps.logger);
    },
    TeamMemberUpserted: async (event, manager) => {
      await upsertMemberLabel(manager, event.payload);
    },
  };
}
