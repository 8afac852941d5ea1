import type { EntityManager } from 'typeorm';
import { toEventMoney, type EventEnvelope } from '@platform/events';
import type { Outbox } from '@platform/messaging';
import type { ChangeOrderEntity, EngagementEntity } from '../entities';

/**
 * The one place engagement's outgoing events are built and published (into the outbox, in the
 * caller's transaction): one method per event type, taking plain facts. The commands and the
 * ContractSigned consumer both publish through it.
 */
export class EngagementEvents {
  constructor(private readonly outbox: Outbox) {}

  /** The engagement a signed contract opened, as it was stored. */
  engagementOpened(
    manager: EntityManager,
    engagement: EngagementEntity,
  ): Promise<EventEnvelope<'EngagementOpened'>> {
    return this.outbox.publish(manager, 'EngagementOpened', {
      engagementId: engagement.id,
      contractId: engagement.contractId,
      clientId: engagement.clientId,
      clientName: engagement.clientName,
      name: engagement.name,
      pricingModel: engagement.pricingModel,
      contractValue: toEventMoney({ minor: engagement.contractValueMinor, currency: engagement.currency }),
      startDate: engagement.startDate,
      endDate: engagement.endDate,
      budgetMinutes: engagement.budgetMinutes,
      estimatedMinutes: engagement.estimatedMinutes,
      accountManagerId: engagement.accountManagerId,
      deliveryOwnerId: engagement.deliveryOwnerId,
      contractSignedAt: engagement.contractSignedAt.toISOString(),
      openedAt: engagement.openedAt.toISOString(),
    });
  }

  rolesAssigned(
    manager: EntityManager,
    facts: { engagementId: string; accountManagerId: string; deliveryOwnerId: string; assignedAt: Date },
  ): Promise<EventEnvelope<'EngagementRolesAssigned'>> {
    return this.outbox.publish(manager, 'EngagementRolesAssigned', {
      engagementId: facts.engagementId,
      accountManagerId: facts.accountManagerId,
      deliveryOwnerId: facts.deliveryOwnerId,
      assignedAt: facts.assignedAt.toISOString(),
    });
  }

  /** The approved change order with the rates it adds, in the contract's currency. */
  changeOrderApproved(
    manager: EntityManager,
    changeOrder: ChangeOrderEntity,
    approvedAt: Date,
  ): Promise<EventEnvelope<'ChangeOrderApproved'>> {
    return this.outbox.publish(manager, 'ChangeOrderApproved', {
      engagementId: changeOrder.engagementId,
      changeOrderId: changeOrder.id,
      description: changeOrder.description,
      amountDelta: toEventMoney({ minor: changeOrder.amountDeltaMinor, currency: changeOrder.currency }),
      minutesDelta: changeOrder.minutesDelta,
      scheduleDeltaDays: changeOrder.scheduleDeltaDays,
      rates: changeOrder.rates.map((r) => ({
        role: r.role,
        billRate: { amountMinor: r.billRateMinor, currency: changeOrder.currency },
      })),
      approvedAt: approvedAt.toISOString(),
    });
  }

  engagementClosed(
    manager: EntityManager,
    facts: { engagementId: string; closedAt: Date },
  ): Promise<EventEnvelope<'EngagementClosed'>> {
    return this.outbox.publish(manager, 'EngagementClosed', {
      engagementId: facts.engagementId,
      closedAt: facts.closedAt.toISOString(),
    });
  }
}
