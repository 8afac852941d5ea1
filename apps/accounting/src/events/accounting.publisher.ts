import type { EntityManager } from 'typeorm';
import { toEventMoney, type EventPayloadInput, type RiskReason } from '@platform/events';
import type { Outbox, OutboxEvent } from '@platform/messaging';
import type { Money } from '@platform/money';
import type { BudgetThreshold } from '../domain/risk-transitions';
import type { RoleActual } from '../domain/estimate-accuracy';

/**
 * The one place accounting's outgoing events are built and published (into the caller's
 * transaction, through the outbox): one method per event type, taking plain domain facts.
 */
export class AccountingEvents {
  /** Events gathered by `together`, written in one statement at its end; null: written at once. */
  private readonly gathered: OutboxEvent[] | null;

  constructor(
    private readonly outbox: Outbox,
    gathered: OutboxEvent[] | null = null,
  ) {
    this.gathered = gathered;
  }

  /**
   * Runs `write` with the events it publishes gathered, then writes them into the outbox in one
   * statement, in the order they were published (the relay keeps it): a chunk's risk evaluation
   * costs one round trip for its events however many engagements it moved.
   */
  async together<T>(manager: EntityManager, write: (events: AccountingEvents) => Promise<T>): Promise<T> {
    const gathered: OutboxEvent[] = [];
    const result = await write(new AccountingEvents(this.outbox, gathered));
    await this.outbox.publishMany(manager, gathered);
    return result;
  }

  private async emit<T extends OutboxEvent['type']>(
    manager: EntityManager,
    type: T,
    payload: EventPayloadInput<T>,
  ): Promise<void> {
    if (this.gathered) this.gathered.push({ type, payload } as OutboxEvent);
    else await this.outbox.publish(manager, type, payload);
  }

  async invoiceIssued(
    manager: EntityManager,
    facts: {
      invoiceId: string;
      engagementId: string;
      milestoneId: string | null;
      amount: { amountMinor: string; currency: string };
      reason: string;
      issuedAt: Date;
    },
  ): Promise<void> {
    await this.emit(manager, 'InvoiceIssued', {
      invoiceId: facts.invoiceId,
      engagementId: facts.engagementId,
      milestoneId: facts.milestoneId,
      amount: facts.amount,
      reason: facts.reason,
      issuedAt: facts.issuedAt.toISOString(),
    });
  }

  async memberRateChanged(
    manager: EntityManager,
    facts: { memberId: string; costRate: Money; billRate: Money; effectiveFrom: string },
  ): Promise<void> {
    await this.emit(manager, 'MemberRateChanged', {
      memberId: facts.memberId,
      costRate: toEventMoney(facts.costRate),
      billRate: toEventMoney(facts.billRate),
      effectiveFrom: facts.effectiveFrom,
    });
  }

  async roleRateSet(
    manager: EntityManager,
    facts: { role: string; costRate: Money; billRate: Money; effectiveFrom: string; setAt: Date },
  ): Promise<void> {
    await this.emit(manager, 'RoleRateSet', {
      role: facts.role,
      costRate: toEventMoney(facts.costRate),
      billRate: toEventMoney(facts.billRate),
      effectiveFrom: facts.effectiveFrom,
      setAt: facts.setAt.toISOString(),
    });
  }

  async riskRaised(
    manager: EntityManager,
    facts: { engagementId: string; reason: RiskReason; at: Date },
  ): Promise<void> {
    await this.emit(manager, 'RiskRaised', {
      engagementId: facts.engagementId,
      reason: facts.reason,
      raisedAt: facts.at.toISOString(),
    });
  }

  async riskCleared(
    manager: EntityManager,
    facts: { engagementId: string; reason: RiskReason; at: Date },
  ): Promise<void> {
    await this.emit(manager, 'RiskCleared', {
      engagementId: facts.engagementId,
      reason: facts.reason,
      clearedAt: facts.at.toISOString(),
    });
  }

  async budgetThresholdCrossed(
    manager: EntityManager,
    facts: { engagementId: string; percent: BudgetThreshold; burnPercent: number; at: Date },
  ): Promise<void> {
    await this.emit(manager, 'BudgetThresholdCrossed', {
      engagementId: facts.engagementId,
      percent: facts.percent,
      burnPercent: facts.burnPercent,
      crossedAt: facts.at.toISOString(),
    });
  }

  /** The forecast margin moved; null: the engagement has no forecast. */
  async forecastChanged(
    manager: EntityManager,
    facts: {
      engagementId: string;
      forecastMarginMinor: string | null;
      currency: string;
      forecastMarginPercent: number | null;
      at: Date;
    },
  ): Promise<void> {
    await this.emit(manager, 'ForecastChanged', {
      engagementId: facts.engagementId,
      forecastMargin:
        facts.forecastMarginMinor === null
          ? null
          : { amountMinor: facts.forecastMarginMinor, currency: facts.currency },
      forecastMarginPercent: facts.forecastMarginPercent,
      changedAt: facts.at.toISOString(),
    });
  }

  async marginAlertRaised(
    manager: EntityManager,
    facts: {
      engagementId: string;
      marginPercent: number | null;
      burnPercent: number;
      thresholdPercent: number;
      reasons: readonly RiskReason[];
      at: Date;
    },
  ): Promise<void> {
    await this.emit(manager, 'MarginAlertRaised', {
      engagementId: facts.engagementId,
      marginPercent: facts.marginPercent,
      burnPercent: facts.burnPercent,
      thresholdPercent: facts.thresholdPercent,
      reasons: [...facts.reasons],
      raisedAt: facts.at.toISOString(),
    });
  }

  async marginAlertCleared(
    manager: EntityManager,
    facts: { engagementId: string; marginPercent: number | null; burnPercent: number; at: Date },
  ): Promise<void> {
    await this.emit(manager, 'MarginAlertCleared', {
      engagementId: facts.engagementId,
      marginPercent: facts.marginPercent,
      burnPercent: facts.burnPercent,
      clearedAt: facts.at.toISOString(),
    });
  }

  /**
   * The payload of EngagementActualsRecorded: built apart so the caller can tell whether these
   * very figures were published already (it stores them) before publishing them.
   */
  actualsPayload(facts: {
    engagementId: string;
    clientId: string;
    estimatorId: string | null;
    templateId: string | null;
    pricingModel: EventPayloadInput<'EngagementActualsRecorded'>['pricingModel'];
    closedAt: Date;
    roles: readonly RoleActual[];
  }): EventPayloadInput<'EngagementActualsRecorded'> {
    return {
      engagementId: facts.engagementId,
      clientId: facts.clientId,
      estimatorId: facts.estimatorId,
      templateId: facts.templateId,
      pricingModel: facts.pricingModel,
      closedAt: facts.closedAt.toISOString(),
      roles: facts.roles.map((r) => ({
        role: r.role,
        estimatedMinutes: r.estimatedMinutes,
        actualMinutes: r.actualMinutes,
      })),
    };
  }

  async engagementActualsRecorded(
    manager: EntityManager,
    payload: EventPayloadInput<'EngagementActualsRecorded'>,
  ): Promise<void> {
    await this.emit(manager, 'EngagementActualsRecorded', payload);
  }
}
