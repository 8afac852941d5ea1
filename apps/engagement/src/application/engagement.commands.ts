import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hasRole, isAdmin, requireRole, type Actor } from '@platform/domain-kit';
import { forbidden, notFound } from '@platform/errors';
import type { Money } from '@platform/money';
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
import type { EngagementEvents } from '../events/engagement.publisher';
import { EngagementWrites } from '../repositories/engagement.repository';

export interface AssignRolesInput {
  engagementId: string;
  accountManagerId: string;
  deliveryOwnerId: string;
}

/** A change order as the resolver parsed it: money as Money, hours as whole minutes. */
export interface RequestChangeOrderInput {
  engagementId: string;
  description: string;
  amountDelta: Money;
  minutesDelta: number;
  scheduleDeltaDays: number;
  /** Bill rates per role the change order adds to the contract, applied on approval. */
  rates: ReadonlyArray<{ role: string; billRate: Money }>;
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
    private readonly events: EngagementEvents,
  ) {}

  private async engagementFor(writes: EngagementWrites, id: string): Promise<EngagementEntity> {
    const engagement = await writes.lockEngagement(id);
    if (!engagement) throw notFound('Engagement', id, 'input.engagementId');
    return engagement;
  }

  assignRoles(actor: Actor, input: AssignRolesInput): Promise<EngagementEntity> {
    requireRole(actor, 'DELIVERY');
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
      await this.events.rolesAssigned(manager, {
        engagementId: engagement.id,
        accountManagerId: input.accountManagerId,
        deliveryOwnerId: input.deliveryOwnerId,
        assignedAt,
      });
      return engagement;
    });
  }

  requestChangeOrder(actor: Actor, input: RequestChangeOrderInput): Promise<ChangeOrderEntity> {
    requireRole(actor, 'SALES', 'DELIVERY');
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      const request = validateChangeOrderRequest(
        {
          description: input.description,
          amountDelta: input.amountDelta,
          minutesDelta: input.minutesDelta,
          scheduleDeltaDays: input.scheduleDeltaDays,
        },
        engagement.currency,
      );
      assertNotClosed(engagement.status, 'request a change order');
      const rates = validateChangeOrderRates(input.rates, engagement.currency);
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
        requestedBy: actor.id,
        requestedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
      });
      await writes.saveChangeOrder(changeOrder);
      return changeOrder;
    });
  }

  decideChangeOrder(actor: Actor, changeOrderId: string, approve: boolean): Promise<ChangeOrderEntity> {
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const changeOrder = await writes.lockChangeOrder(changeOrderId);
      if (!changeOrder) throw notFound('Change order', changeOrderId, 'changeOrderId');
      const engagement = await this.engagementFor(writes, changeOrder.engagementId);
      assertMayDecideChangeOrder({
        deciderId: actor.id,
        deciderIsAdmin: isAdmin(actor),
        deliveryOwnerId: engagement.deliveryOwnerId,
        requestedBy: changeOrder.requestedBy,
        status: changeOrder.status,
      });
      assertNotClosed(engagement.status, 'decide a change order');
      const decidedAt = new Date();
      changeOrder.status = approve ? 'APPROVED' : 'REJECTED';
      changeOrder.decidedBy = actor.id;
      changeOrder.decidedAt = decidedAt;
      await writes.saveChangeOrder(changeOrder);
      if (approve) {
        Object.assign(engagement, applyApprovedChangeOrder(engagement, changeOrder));
        await writes.saveEngagement(engagement);
        await this.events.changeOrderApproved(manager, changeOrder, decidedAt);
      }
      return changeOrder;
    });
  }

  /** By the engagement's delivery owner or account manager, against the suggestion computed now. */
  submitStatusReport(
    actor: Actor,
    input: SubmitStatusReportInput,
    suggested: SuggestedStatus,
  ): Promise<StatusReportEntity> {
    const report = validateStatusReport(input, suggested);
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      if (actor.id !== engagement.deliveryOwnerId && actor.id !== engagement.accountManagerId)
        throw forbidden('only the delivery owner or the account manager files status reports');
      assertNotClosed(engagement.status, 'file a status report');
      const entity = Object.assign(new StatusReportEntity(), {
        id: randomUUID(),
        engagementId: engagement.id,
        ...report,
        suggested,
        submittedBy: actor.id,
        submittedAt: new Date(),
      } satisfies StatusReportEntity);
      await writes.insertStatusReport(entity);
      return entity;
    });
  }

  submitReview(actor: Actor, input: SubmitReviewInput): Promise<EngagementEntity> {
    validateSatisfaction(input.satisfaction);
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await this.engagementFor(writes, input.engagementId);
      const isRoleHolder =
        actor.id === engagement.accountManagerId || actor.id === engagement.deliveryOwnerId;
      if (!isRoleHolder && !hasRole(actor, 'DELIVERY')) {
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
          submittedBy: actor.id,
          submittedAt: new Date(),
        }),
      );
      engagement.status = next;
      await writes.saveEngagement(engagement);
      return engagement;
    });
  }

  close(actor: Actor, engagementId: string): Promise<EngagementEntity> {
    return this.dataSource.transaction(async (manager) => {
      const writes = new EngagementWrites(manager);
      const engagement = await writes.lockEngagement(engagementId);
      if (!engagement) throw notFound('Engagement', engagementId, 'engagementId');
      if (!isAdmin(actor) && actor.id !== engagement.deliveryOwnerId) {
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
      await this.events.engagementClosed(manager, { engagementId: engagement.id, closedAt });
      return engagement;
    });
  }
}
