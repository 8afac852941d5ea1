import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { forbidden, notFound } from '@platform/errors';
import { toEventMoney } from '@platform/events';
import {
  hasRole,
  isAdmin,
  minutesFromHours,
  moneyFromInput,
  requireRole,
  type Identity,
  type MoneyInput,
} from '@platform/graphql-kit';
import type { Outbox } from '@platform/messaging';
import {
  applyApprovedChangeOrder,
  assertMayClose,
  assertMayDecideChangeOrder,
  assertNotClosed,
  statusAfterReview,
  validateChangeOrderRates,
  validateChangeOrderRequest,
  validateRoleAssignment,
  validateSatisfaction,
} from '../domain/engagement-rules';
import { validateStatusReport, type StatusReportInput, type SuggestedStatus } from '../domain/status-report';
import {
  ChangeOrderEntity,
  PostImplementationReviewEntity,
  StatusReportEntity,
  type EngagementEntity,
} from '../entities';
import { EngagementWrites } from '../repositories/engagement.repository';

export interface AssignRolesInput {
  engagementId: string;
  accountManagerId: string;
  deliveryOwnerId: string;
}

export interface RequestChangeOrderInput {
  engagementId: string;
  description: string;
  amountDelta: MoneyInput;
  hoursDelta: number;
  scheduleDeltaDays: number;
  /** Bill rates per role the change order adds to the contract, applied on approval. */
  rates?: ReadonlyArray<{ role: string; billRate: MoneyInput }> | null;
}

export interface SubmitStatusReportInput extends StatusReportInput {
  engagementId: string;
}

export interface SubmitReviewInput {
  engagementId: string;
  satisfaction: number;
  lessonsLearned?: string | null;
}

/**
 * The engagement's mutations. Each validates everything before its first write and commits the
 * state change with the events it causes in one transaction (outbox).
 */
export class EngagementCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  private async engagementFor(writes: EngagementWrites, id: string): Promise<EngagementEntity> {
    const engagement = await writes.lockEngagement(id);
    if (!engagement) throw notFound('Engagement', id, 'input.engagementId');
    return engagement;
  }

  assignRoles(identity: Identity, input: AssignRolesInput): Promise<EngagementEntity> {
    requireRole(identity, 'DELIVERY');
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      assertNotClosed(engagement.status, 'assign roles');
      const members = await writes.teamMembers([input.accountManagerId, input.deliveryOwnerId]);
      const byId = new Map(members.map((m) => [m.id, m]));
      validateRoleAssignment({
        accountManagerId: input.accountManagerId,
        deliveryOwnerId: input.deliveryOwnerId,
        accountManager: byId.get(input.accountManagerId) ?? null,
        deliveryOwner: byId.get(input.deliveryOwnerId) ?? null,
      });
      const assignedAt = new Date();
      engagement.accountManagerId = input.accountManagerId;
      engagement.deliveryOwnerId = input.deliveryOwnerId;
      await writes.saveEngagement(engagement);
      await writes.recordHandoffFact(engagement.id, 'OWNER_ASSIGNED', assignedAt);
      await this.outbox.publish(manager, 'EngagementRolesAssigned', {
        engagementId: engagement.id,
        accountManagerId: input.accountManagerId,
        deliveryOwnerId: input.deliveryOwnerId,
        assignedAt: assignedAt.toISOString(),
      });
      return engagement;
    });
  }

  requestChangeOrder(identity: Identity, input: RequestChangeOrderInput): Promise<ChangeOrderEntity> {
    requireRole(identity, 'SALES', 'DELIVERY');
    const amountDelta = moneyFromInput(input.amountDelta, 'input.amountDelta');
    const minutesDelta = minutesFromHours(input.hoursDelta, 'input.hoursDelta', {
      allowZero: true,
      allowNegative: true,
    });
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      const request = validateChangeOrderRequest(
        {
          description: input.description,
          amountDelta,
          minutesDelta,
          scheduleDeltaDays: input.scheduleDeltaDays,
        },
        engagement.currency,
      );
      assertNotClosed(engagement.status, 'request a change order');
      const rates = validateChangeOrderRates(
        (input.rates ?? []).map((rate, i) => ({
          role: rate.role,
          billRate: moneyFromInput(rate.billRate, `input.rates.${i}.billRate`),
        })),
        engagement.currency,
      );
      const changeOrder = Object.assign(new ChangeOrderEntity(), {
        id: randomUUID(),
        engagementId: engagement.id,
        description: request.description,
        amountDeltaMinor: request.amountDelta.minor,
        currency: request.amountDelta.currency,
        minutesDelta: request.minutesDelta,
        scheduleDeltaDays: request.scheduleDeltaDays,
        rates: rates.map((r) => ({ role: r.role, billRateMinor: r.billRate.minor.toString() })),
        status: 'REQUESTED' as const,
        requestedBy: identity.sub,
        requestedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
      });
      await writes.saveChangeOrder(changeOrder);
      return changeOrder;
    });
  }

  decideChangeOrder(identity: Identity, changeOrderId: string, approve: boolean): Promise<ChangeOrderEntity> {
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const changeOrder = await writes.lockChangeOrder(changeOrderId);
      if (!changeOrder) throw notFound('Change order', changeOrderId, 'changeOrderId');
      const engagement = await this.engagementFor(writes, changeOrder.engagementId);
      assertMayDecideChangeOrder({
        deciderId: identity.sub,
        deciderIsAdmin: isAdmin(identity),
        deliveryOwnerId: engagement.deliveryOwnerId,
        requestedBy: changeOrder.requestedBy,
        status: changeOrder.status,
      });
      assertNotClosed(engagement.status, 'decide a change order');
      const decidedAt = new Date();
      changeOrder.status = approve ? 'APPROVED' : 'REJECTED';
      changeOrder.decidedBy = identity.sub;
      changeOrder.decidedAt = decidedAt;
      await writes.saveChangeOrder(changeOrder);
      if (approve) {
        Object.assign(engagement, applyApprovedChangeOrder(engagement, changeOrder));
        await writes.saveEngagement(engagement);
        await this.outbox.publish(manager, 'ChangeOrderApproved', {
          engagementId: engagement.id,
          changeOrderId: changeOrder.id,
          description: changeOrder.description,
          amountDelta: toEventMoney({ minor: changeOrder.amountDeltaMinor, currency: changeOrder.currency }),
          minutesDelta: changeOrder.minutesDelta,
          scheduleDeltaDays: changeOrder.scheduleDeltaDays,
          rates: changeOrder.rates.map((r) => ({
            role: r.role,
            billRate: { amountMinor: r.billRateMinor, currency: changeOrder.currency },
          })),
          approvedAt: decidedAt.toISOString(),
        });
      }
      return changeOrder;
    });
  }

  /** By the engagement's delivery owner or account manager, against the suggestion computed now. */
  submitStatusReport(
    identity: Identity,
    input: SubmitStatusReportInput,
    suggested: SuggestedStatus,
  ): Promise<StatusReportEntity> {
    const report = validateStatusReport(input, suggested);
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      if (identity.sub !== engagement.deliveryOwnerId && identity.sub !== engagement.accountManagerId)
        throw forbidden('only the delivery owner or the account manager files status reports');
      assertNotClosed(engagement.status, 'file a status report');
      const entity = Object.assign(new StatusReportEntity(), {
        id: randomUUID(),
        engagementId: engagement.id,
        ...report,
        suggested,
        submittedBy: identity.sub,
        submittedAt: new Date(),
      } satisfies StatusReportEntity);
      await writes.insertStatusReport(entity);
      return entity;
    });
  }

  submitReview(identity: Identity, input: SubmitReviewInput): Promise<EngagementEntity> {
    validateSatisfaction(input.satisfaction);
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      const isRoleHolder =
        identity.sub === engagement.accountManagerId || identity.sub === engagement.deliveryOwnerId;
      if (!isRoleHolder && !hasRole(identity, 'DELIVERY')) {
        throw forbidden(
          "Only DELIVERY, an ADMIN or the engagement's account manager or delivery owner submits the review",
        );
      }
      const existing = await writes.review(engagement.id);
      const next = statusAfterReview(engagement.status, existing !== null);
      const lessons = input.lessonsLearned?.trim();
      await writes.insertReview(
        Object.assign(new PostImplementationReviewEntity(), {
          engagementId: engagement.id,
          satisfaction: input.satisfaction,
          lessonsLearned: lessons ? lessons : null,
          submittedBy: identity.sub,
          submittedAt: new Date(),
        }),
      );
      engagement.status = next;
      await writes.saveEngagement(engagement);
      return engagement;
    });
  }

  close(identity: Identity, engagementId: string): Promise<EngagementEntity> {
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await writes.lockEngagement(engagementId);
      if (!engagement) throw notFound('Engagement', engagementId, 'engagementId');
      if (!isAdmin(identity) && identity.sub !== engagement.deliveryOwnerId) {
        throw forbidden("Only the engagement's delivery owner or an ADMIN closes it");
      }
      const review = await writes.review(engagement.id);
      const projects = await writes.projectsOf(engagement.id);
      assertMayClose({
        status: engagement.status,
        hasReview: review !== null,
        projects: projects.map((p) => ({
          projectId: p.projectId,
          finished: p.completedAt !== null || p.cancelledAt !== null,
        })),
      });
      const closedAt = new Date();
      engagement.status = 'CLOSED';
      engagement.closedAt = closedAt;
      await writes.saveEngagement(engagement);
      await this.outbox.publish(manager, 'EngagementClosed', {
        engagementId: engagement.id,
        closedAt: closedAt.toISOString(),
      });
      return engagement;
    });
  }
}
