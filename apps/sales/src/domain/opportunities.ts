import type { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound, preconditionFailed } from '@platform/errors';
import { contractRatesFromLines, toEventMoney } from '@platform/events';
import { hasRole, isAdmin, optionalText, requireRole, requiredText, type Actor } from '@platform/domain-kit';
import type { Outbox } from '@platform/messaging';
import { ClientEntity } from '../entities/client.entity';
import { ContractReviewEntity, type SuggestedLineRecord } from '../entities/contract-review.entity';
import { ContractEntity } from '../entities/contract.entity';
import { OpportunityEntity } from '../entities/opportunity.entity';
import type { Money } from '@platform/money';
import { RoleRateRepository } from '../repositories/role-rate.repository';
import {
  estimateFigures,
  parseEstimateInput,
  type EstimateInput,
  type EstimateLine,
  type EstimateRecord,
  checkSuggestedLines,
  parseSuggestedLines,
  type SuggestedLineInput,
} from './estimate';
import { loadEstimate, saveEstimate } from './estimate-store';
import { calibrationsOf } from '../application/calibrations';
import { gateStateOf } from './opportunity-gate';
import { signingBlockers, stageAfterReview, type GateState } from './review-gate';
import {
  isUuid,
  type OpportunityStage,
  type PricingModel,
  type ReviewDecision,
  type ReviewDiscipline,
} from './sales-types';

export interface CreateOpportunityInput {
  clientId: string;
  title: string;
  pricingModel: PricingModel;
}

export interface SetEstimateInput extends EstimateInput {
  opportunityId: string;
}

export interface ReviewOpportunityInput {
  opportunityId: string;
  discipline: ReviewDiscipline;
  decision: ReviewDecision;
  comment?: string | null;
  suggestedLines?: readonly SuggestedLineInput[] | null;
}

export interface OpportunityDeps {
  dataSource: DataSource;
  outbox: Outbox;
  marginThresholdPercent: number;
}

/** The gate refuses to sign while a line has no cost rate, so a signed line always has one. */
function costRateOf(line: EstimateLine): Money {
  if (line.costRate === null)
    throw new Error(`estimate line ${line.role} reached signing without a cost rate`);
  return line.costRate;
}

/** How an unknown opportunity id is reported: inside an input it is bad input, as the target it is not found. */
type UnknownId = { kind: 'bad-input' | 'not-found'; field: string };

/** The caller's team member id; the JWT `sub` must be one to own or review anything. */
function callerId(identity: Actor): string {
  if (!isUuid(identity.id)) throw forbidden('Your identity does not name a team member');
  return identity.id;
}

function requireOwner(identity: Actor, opportunity: OpportunityEntity, action: string): void {
  if (identity.id !== opportunity.ownerId) throw forbidden(`Only the opportunity owner can ${action}`);
}

function requireOpen(opportunity: OpportunityEntity): void {
  if (opportunity.stage === 'WON') throw conflict('Already signed');
  if (opportunity.stage === 'LOST') throw conflict('Opportunity is lost');
}

/**
 * Opportunity commands. Each runs in one transaction that first locks the opportunity row, so
 * an estimate change, a review and a signature of the same opportunity never interleave; any
 * error rolls the transaction back, so a refused request writes nothing.
 */
export class OpportunityCommands {
  constructor(private readonly deps: OpportunityDeps) {}

  /** SALES/ADMIN; the caller becomes the owner; the client must exist. */
  async create(identity: Actor, input: CreateOpportunityInput): Promise<OpportunityEntity> {
    requireRole(identity, 'SALES');
    const ownerId = callerId(identity);
    const title = requiredText(input.title, 'input.title');
    return this.deps.dataSource.transaction(async (manager) => {
      const client = isUuid(input.clientId)
        ? await manager.getRepository(ClientEntity).findOneBy({ id: input.clientId })
        : null;
      if (!client) throw badInput('input.clientId', `No client ${input.clientId}`);
      const now = new Date();
      const repository = manager.getRepository(OpportunityEntity);
      return repository.save(
        repository.create({
          clientId: client.id,
          title,
          ownerId,
          stage: 'QUALIFYING',
          pricingModel: input.pricingModel,
          lostReason: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
  }

  /** Owner only. Every change bumps the revision, which voids approvals of earlier revisions. */
  async setEstimate(identity: Actor, input: SetEstimateInput): Promise<OpportunityEntity> {
    return this.deps.dataSource.transaction(async (manager) => {
      const opportunity = await this.lock(manager, input.opportunityId, {
        kind: 'bad-input',
        field: 'input.opportunityId',
      });
      requireOwner(identity, opportunity, 'change its estimate');
      requireOpen(opportunity);
      const roles = new RoleRateRepository(manager);
      const card = await roles.cardOn(
        input.startDate,
        input.lines.map((line) => line.role),
      );
      const draft = parseEstimateInput(input, 'input', card);
      const previous = await loadEstimate(manager, opportunity.id);
      const now = new Date();
      await saveEstimate(manager, opportunity.id, draft, (previous?.revision ?? 0) + 1, now);
      return this.moveTo(manager, opportunity, 'ESTIMATING', now);
    });
  }

  /** Owner only; needs an estimate. */
  async submitForReview(identity: Actor, opportunityId: string): Promise<OpportunityEntity> {
    return this.deps.dataSource.transaction(async (manager) => {
      const opportunity = await this.lock(manager, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      requireOwner(identity, opportunity, 'submit it for review');
      requireOpen(opportunity);
      const { state } = await this.gate(manager, { ...opportunity, stage: 'IN_REVIEW' });
      if (!state.estimate) throw preconditionFailed('No estimate yet', ['No estimate yet']);
      // Resubmitting an estimate that already holds every approval it needs keeps it approved.
      return this.moveTo(manager, opportunity, stageAfterReview(state), new Date());
    });
  }

  /**
   * The caller reviews for a discipline they hold (ADMIN counts) and is never the owner. The
   * review records the current estimate revision; when the approvals then hold, the
   * opportunity is APPROVED.
   */
  async review(identity: Actor, input: ReviewOpportunityInput): Promise<OpportunityEntity> {
    if (!hasRole(identity, input.discipline)) {
      throw forbidden(`Only ${input.discipline} (or ADMIN) can give a ${input.discipline} review`);
    }
    const reviewerId = callerId(identity);
    const comment = optionalText(input.comment, 'input.comment');
    if (input.suggestedLines) checkSuggestedLines(input.suggestedLines, 'input.suggestedLines');
    return this.deps.dataSource.transaction(async (manager) => {
      const opportunity = await this.lock(manager, input.opportunityId, {
        kind: 'bad-input',
        field: 'input.opportunityId',
      });
      if (opportunity.ownerId === reviewerId)
        throw forbidden('The opportunity owner cannot review their own estimate');
      requireOpen(opportunity);
      const estimate = await loadEstimate(manager, opportunity.id);
      if (!estimate) throw preconditionFailed('No estimate yet', ['No estimate yet']);
      if (opportunity.stage !== 'IN_REVIEW' && opportunity.stage !== 'APPROVED') {
        throw preconditionFailed('The estimate has not been submitted for review', [
          'Not submitted for review',
        ]);
      }
      const suggestedLines = await this.counterEstimate(manager, input, estimate);
      const now = new Date();
      await manager.getRepository(ContractReviewEntity).insert({
        opportunityId: opportunity.id,
        reviewerId,
        discipline: input.discipline,
        decision: input.decision,
        comment,
        estimateRevision: estimate.revision,
        at: now,
        suggestedLines,
      });
      const { state } = await this.gate(manager, opportunity, estimate);
      return this.moveTo(manager, opportunity, stageAfterReview(state), now);
    });
  }

  /**
   * Owner only, and only when the review gate holds. Creates the contract, marks the
   * opportunity WON and publishes ContractSigned, all in one transaction.
   */
  async sign(identity: Actor, opportunityId: string): Promise<ContractEntity> {
    return this.deps.dataSource.transaction(async (manager) => {
      const opportunity = await this.lock(manager, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      requireOwner(identity, opportunity, 'sign its contract');
      const { state, estimate } = await this.gate(manager, opportunity);
      if (state.signed) throw conflict('Already signed');
      const blockers = signingBlockers(state, identity);
      if (blockers.length > 0 || !estimate) {
        throw preconditionFailed(`Cannot sign yet: ${blockers.join('; ')}`, blockers);
      }
      const client = await manager.getRepository(ClientEntity).findOneByOrFail({ id: opportunity.clientId });
      const figures = estimateFigures(estimate);
      const now = new Date();
      const contracts = manager.getRepository(ContractEntity);
      const contract = await contracts.save(
        contracts.create({
          opportunityId: opportunity.id,
          clientId: client.id,
          currency: estimate.currency,
          valueMinor: estimate.price.minor,
          pricingModel: opportunity.pricingModel,
          startDate: estimate.startDate,
          endDate: estimate.endDate,
          budgetMinutes: figures.totalMinutes,
          scope: estimate.scope,
          signedAt: now,
        }),
      );
      await this.moveTo(manager, opportunity, 'WON', now);
      const estimateLines = estimate.lines.map((line) => ({
        role: line.role,
        minutes: line.minutes,
        costRate: toEventMoney(costRateOf(line)),
        billRate: toEventMoney(line.billRate),
      }));
      await this.deps.outbox.publish(manager, 'ContractSigned', {
        contractId: contract.id,
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
        budgetMinutes: figures.totalMinutes,
        estimatedMinutes: figures.totalMinutes,
        estimateLines,
        rates: contractRatesFromLines(estimateLines),
        scope: estimate.scope,
        signedAt: now.toISOString(),
      });
      return contract;
    });
  }

  /** Owner or ADMIN, with a reason; never after signing. */
  async markLost(identity: Actor, opportunityId: string, reason: string): Promise<OpportunityEntity> {
    const lostReason = requiredText(reason, 'reason');
    return this.deps.dataSource.transaction(async (manager) => {
      const opportunity = await this.lock(manager, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      if (identity.id !== opportunity.ownerId && !isAdmin(identity)) {
        throw forbidden('Only the opportunity owner or an ADMIN can mark it lost');
      }
      if (opportunity.stage === 'WON') throw conflict('Already signed: a won opportunity cannot be lost');
      const changes = { stage: 'LOST' as const, lostReason, updatedAt: new Date() };
      await manager.getRepository(OpportunityEntity).update({ id: opportunity.id }, changes);
      return { ...opportunity, ...changes };
    });
  }

  private async lock(manager: EntityManager, id: string, unknown: UnknownId): Promise<OpportunityEntity> {
    const opportunity = isUuid(id)
      ? await manager
          .getRepository(OpportunityEntity)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (opportunity) return opportunity;
    throw unknown.kind === 'bad-input'
      ? badInput(unknown.field, `No opportunity ${id}`)
      : notFound('Opportunity', id, unknown.field);
  }

  /**
   * A DELIVERY reviewer requesting changes may say what the work takes; it is costed at the
   * card the seller's estimate is costed at (its start date and currency) and kept with the review.
   */
  private async counterEstimate(
    manager: EntityManager,
    input: ReviewOpportunityInput,
    estimate: EstimateRecord,
  ): Promise<SuggestedLineRecord[] | null> {
    if (!input.suggestedLines) return null;
    if (input.discipline !== 'DELIVERY' || input.decision !== 'CHANGES_REQUESTED') {
      throw badInput(
        'input.suggestedLines',
        'only a DELIVERY review requesting changes carries a counter-estimate',
      );
    }
    const card = await new RoleRateRepository(manager).cardOn(
      estimate.startDate,
      input.suggestedLines.map((line) => line.role),
    );
    return parseSuggestedLines(input.suggestedLines, 'input.suggestedLines', card, estimate.currency).map(
      (line) => ({
        role: line.role,
        minutes: line.minutes,
        costRateMinor: line.costRate?.minor.toString() ?? null,
      }),
    );
  }

  private async gate(
    manager: EntityManager,
    opportunity: OpportunityEntity,
    knownEstimate?: EstimateRecord | null,
  ): Promise<{ state: GateState; estimate: EstimateRecord | null }> {
    const estimate =
      knownEstimate === undefined ? await loadEstimate(manager, opportunity.id) : knownEstimate;
    const reviews = await manager.getRepository(ContractReviewEntity).find({
      where: { opportunityId: opportunity.id },
      order: { at: 'ASC', id: 'ASC' },
    });
    const contracts = await manager.getRepository(ContractEntity).countBy({ opportunityId: opportunity.id });
    const state = gateStateOf({
      stage: opportunity.stage,
      ownerId: opportunity.ownerId,
      signed: contracts > 0,
      estimate,
      reviews,
      marginThresholdPercent: this.deps.marginThresholdPercent,
      calibrations: await calibrationsOf(manager, estimate?.lines.map((line) => line.role) ?? []),
    });
    return { state, estimate };
  }

  private async moveTo(
    manager: EntityManager,
    opportunity: OpportunityEntity,
    stage: OpportunityStage,
    now: Date,
  ): Promise<OpportunityEntity> {
    await manager.getRepository(OpportunityEntity).update({ id: opportunity.id }, { stage, updatedAt: now });
    return { ...opportunity, stage, updatedAt: now };
  }
}
