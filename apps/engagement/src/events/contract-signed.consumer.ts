import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@platform/events';
import { engagementIdForContract } from '../domain/engagement-id';
import { openingStatus } from '../domain/engagement-rules';
import { EngagementEntity } from '../entities';
import type { EngagementEvents } from './engagement.publisher';
import { EngagementWrites } from '../repositories/engagement.repository';

/**
 * ContractSigned opens exactly one engagement per contract: the unique contract id turns a
 * redelivery or a replay under a new event id into a no-op, and EngagementOpened is published
 * only by the call that opened it, in the same inbox transaction.
 */
export function contractSignedConsumer(events: EngagementEvents) {
  return async (event: EventEnvelope<'ContractSigned'>, manager: EntityManager): Promise<void> => {
    const p = event.payload;
    const writes = new EngagementWrites(manager);
    const id = engagementIdForContract(p.contractId);
    // In a replay into empty projections, delivery's kickoff may already be known.
    const kickoffHeld = await writes.hasHandoffFact(id, 'KICKOFF_HELD');
    const openedAt = new Date();
    const engagement = Object.assign(new EngagementEntity(), {
      id,
      contractId: p.contractId.toLowerCase(),
      opportunityId: p.opportunityId.toLowerCase(),
      name: p.title,
      clientId: p.clientId.toLowerCase(),
      clientName: p.clientName,
      accountManagerId: p.accountManagerId?.toLowerCase() ?? null,
      deliveryOwnerId: null,
      status: openingStatus(kickoffHeld),
      currency: p.value.currency,
      contractValueMinor: BigInt(p.value.amountMinor),
      pricingModel: p.pricingModel,
      startDate: p.startDate,
      endDate: p.endDate,
      budgetMinutes: p.budgetMinutes,
      estimatedMinutes: p.estimatedMinutes,
      contractSignedAt: new Date(p.signedAt),
      openedAt,
      closedAt: null,
    });
    if (!(await writes.insertEngagementOnce(engagement))) return;
    await events.engagementOpened(manager, engagement);
  };
}
