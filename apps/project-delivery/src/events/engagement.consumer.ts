import type { EntityManager } from 'typeorm';
import type { EventHandlers } from '@platform/messaging';
import { applyChangeOrder, movedMilestoneDue } from '../domain/rules';
import { repositoriesOf } from '../repositories';
import type { ChangeOrderFacts } from '../repositories/project.repository';
import type { DeliveryEvents } from './delivery.publisher';

/** What delivery keeps from the engagement service: the engagements, their roles, closing and change orders. */
export function engagementConsumers(events: DeliveryEvents): EventHandlers {
  return {
    EngagementOpened: async ({ payload: p }, manager) =>
      repositoriesOf(manager).engagements.recordOpened({
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
    EngagementRolesAssigned: async ({ payload: p }, manager) =>
      repositoriesOf(manager).engagements.recordRolesAssigned(p),
    EngagementClosed: async ({ payload: p }, manager) => repositoriesOf(manager).engagements.recordClosed(p),
    ChangeOrderApproved: async ({ payload: p }, manager) =>
      recordChangeOrderApproved(manager, events, {
        changeOrderId: p.changeOrderId,
        engagementId: p.engagementId,
        minutesDelta: p.minutesDelta,
        scheduleDeltaDays: p.scheduleDeltaDays,
        approvedAt: p.approvedAt,
      }),
  };
}

/**
 * Keeps the approved change order as a fact and applies it to the engagement's main project:
 * the earliest created one still PLANNED or ACTIVE. Its budget and due date move by the deltas,
 * and so do the due dates of its milestones not signed off yet; engagement learns each new
 * milestone date (MilestonePlanned again, with the new date). Without an open project the change
 * order stays pending until createProject picks it up. The engagement row lock makes this and
 * createProject take turns; a change order seen before (a replay, a re-publish) changes nothing.
 */
async function recordChangeOrderApproved(
  manager: EntityManager,
  events: DeliveryEvents,
  facts: ChangeOrderFacts,
): Promise<void> {
  const { engagements, projects } = repositoriesOf(manager);
  await engagements.lock(facts.engagementId);
  // The same change order under another event id (a re-publish) must not move anything twice.
  if (!(await projects.insertChangeOrder(facts))) return;

  const main = await projects.lockMainOpenProject(facts.engagementId);
  if (!main) return;
  const now = new Date();
  await projects.update(main.id, applyChangeOrder(main, facts));
  for (const milestone of await projects.lockUnsignedMilestones(main.id)) {
    const dueDate = movedMilestoneDue(milestone, main, facts);
    if (dueDate === milestone.dueDate) continue;
    await projects.moveMilestoneDue(milestone.id, dueDate);
    await events.milestonePlanned(manager, { ...milestone, dueDate }, main.engagementId, now);
  }
  await projects.markChangeOrdersApplied([facts.changeOrderId], main.id, now);
}
