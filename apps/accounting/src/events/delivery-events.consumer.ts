import type { ChunkScope, EventHandlers } from '@platform/messaging';
import { deferActuals } from '../application/engagement-actuals.commands';
import {
  applyBookingChanges,
  applyTeamMemberUpserted,
  bookingMembers,
  type BookingChange,
} from '../application/forecast.commands';
import { issueMilestoneInvoice } from '../application/ledger.commands';
import { deferMarginAlerts } from '../application/margin-alerts.commands';
import { applyEntryEvents, type EntryEvent } from '../application/time-entry.commands';
import type { AccountingDeps } from '../config';
import { optionalRoleKey } from '../domain/role-rates';
import { AccountingEvents } from './accounting.publisher';

/** Time entries (costed into the rollups), milestone invoices and member names from delivery. */
export function deliveryEventHandlers(deps: AccountingDeps): EventHandlers {
  const threshold = deps.config.MARGIN_THRESHOLD_PERCENT;
  const burnAhead = deps.config.BURN_AHEAD_POINTS;
  const events = new AccountingEvents(deps.outbox);
  const forecastMoved = (chunk: ChunkScope, engagementIds: readonly string[]) => {
    const alerts = deferMarginAlerts(chunk, events, threshold, burnAhead);
    for (const id of engagementIds) alerts.add(id);
  };
  // The booking changes of a chunk (allocations, time off) are applied together after its
  // entries, their members locked at once; the forecasts they move are evaluated with the alerts.
  const bookings = (chunk: ChunkScope) =>
    chunk.defer({
      key: 'accounting/bookings',
      order: 50,
      init: () => [] as BookingChange[],
      run: async (changes, manager) => forecastMoved(chunk, await applyBookingChanges(manager, changes)),
    });
  // The entry events of a chunk are applied together at its end (a constant number of
  // statements per chunk), then the alerts of the engagements they moved are evaluated once.
  const apply = async (entry: EntryEvent, chunk: ChunkScope) => {
    const pending = chunk.defer({
      key: 'accounting/time-entries',
      order: 0,
      init: () => [] as EntryEvent[],
      run: async (entries, manager) => {
        // The members whose bookings this chunk changes next are locked with the entries' members.
        const { engagementIds } = await applyEntryEvents(
          manager,
          entries,
          deps.logger,
          bookingMembers(bookings(chunk)),
        );
        const alerts = deferMarginAlerts(chunk, events, threshold, burnAhead);
        for (const id of engagementIds) alerts.add(id);
        // An entry of a closed engagement (arriving after its close) corrects its actuals.
        const actuals = deferActuals(chunk, events);
        for (const entry of entries) actuals.add(entry.engagementId);
      },
    });
    pending.push({
      ...entry,
      entryId: entry.entryId.toLowerCase(),
      engagementId: entry.engagementId.toLowerCase(),
      memberId: entry.memberId.toLowerCase(),
    });
  };
  return {
    TimeLogged: async ({ payload: p }, _manager, chunk) =>
      apply({ ...p, roleKey: optionalRoleKey(p.role), deleted: false, at: new Date(p.loggedAt) }, chunk),
    TimeEntryCorrected: async ({ payload: p }, _manager, chunk) =>
      apply({ ...p, roleKey: optionalRoleKey(p.role), deleted: false, at: new Date(p.correctedAt) }, chunk),
    TimeEntryDeleted: async ({ payload: p }, _manager, chunk) =>
      apply(
        { ...p, minutes: 0, billable: false, deleted: true, roleKey: null, at: new Date(p.deletedAt) },
        chunk,
      ),
    MilestoneSignedOff: async (event, manager) => {
      await issueMilestoneInvoice(manager, events, event.payload, deps.logger);
    },
    // A member's primary role prices their bookings that name no role: those forecasts may move.
    TeamMemberUpserted: async (event, manager, chunk) =>
      forecastMoved(chunk, await applyTeamMemberUpserted(manager, event.payload)),
    // Bookings move forecasts: applied together after the chunk's entries, and the engagements
    // they touch evaluated once at its end.
    AllocationPlanned: async ({ payload }, _manager, chunk) => {
      bookings(chunk).push({ type: 'AllocationPlanned', payload });
    },
    TimeOffRecorded: async ({ payload }, _manager, chunk) => {
      bookings(chunk).push({ type: 'TimeOffRecorded', payload });
    },
    TimeOffCancelled: async ({ payload }, _manager, chunk) => {
      bookings(chunk).push({ type: 'TimeOffCancelled', payload });
    },
  };
}
