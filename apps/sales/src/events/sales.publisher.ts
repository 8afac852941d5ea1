import type { EntityManager } from 'typeorm';
import { contractRatesFromLines, toEventMoney, type EventEnvelope } from '@platform/events';
import type { Outbox } from '@platform/messaging';
import type { Money } from '@platform/money';
import type { EstimateLine, EstimateRecord } from '../domain/estimate';
import type { PricingModel } from '../domain/sales-types';

/** The gate refuses to sign while a line has no cost rate, so a signed line always has one. */
function costRateOf(line: EstimateLine): Money {
  if (line.costRate === null)
    throw new Error(`estimate line ${line.role} reached signing without a cost rate`);
  return line.costRate;
}

/**
 * The one place sales' outgoing events are built and published (into the outbox, in the
 * caller's transaction): one method per event type, taking plain facts.
 */
export class SalesEvents {
  constructor(private readonly outbox: Outbox) {}

  clientCreated(
    manager: EntityManager,
    client: {
      id: string;
      name: string;
      industry: string | null;
      accountManagerId: string | null;
      createdAt: Date;
    },
  ): Promise<EventEnvelope<'ClientCreated'>> {
    return this.outbox.publish(manager, 'ClientCreated', {
      clientId: client.id,
      name: client.name,
      industry: client.industry,
      accountManagerId: client.accountManagerId,
      createdAt: client.createdAt.toISOString(),
    });
  }

  /** The contract with the estimate it froze: its lines at their cost and bill rates, and the rate table. */
  contractSigned(
    manager: EntityManager,
    facts: {
      contractId: string;
      opportunity: { id: string; title: string; ownerId: string; pricingModel: PricingModel };
      client: { id: string; name: string; accountManagerId: string | null };
      estimate: EstimateRecord;
      totalMinutes: number;
      signedAt: Date;
    },
  ): Promise<EventEnvelope<'ContractSigned'>> {
    const { estimate, opportunity, client } = facts;
    const estimateLines = estimate.lines.map((line) => ({
      role: line.role,
      minutes: line.minutes,
      costRate: toEventMoney(costRateOf(line)),
      billRate: toEventMoney(line.billRate),
    }));
    return this.outbox.publish(manager, 'ContractSigned', {
      contractId: facts.contractId,
      opportunityId: opportunity.id,
      title: opportunity.title,
      clientId: client.id,
      clientName: client.name,
      accountManagerId: client.accountManagerId,
      sellerId: opportunity.ownerId,
      value: toEventMoney(estimate.price),
      pricingModel: opportunity.pricingModel,
      startDate: estimate.startDate,
      endDate: estimate.endDate,
      budgetMinutes: facts.totalMinutes,
      estimatedMinutes: facts.totalMinutes,
      estimateLines,
      rates: contractRatesFromLines(estimateLines),
      scope: estimate.scope,
      signedAt: facts.signedAt.toISOString(),
    });
  }
}
