import type { DataSource, EntityManager } from 'typeorm';
import { hasRole, isAdmin, optionalText, requireRole, requiredText, type Actor } from '@platform/domain-kit';
import { badInput, conflict, forbidden, notFound, preconditionFailed } from '@platform/errors';
import {
  checkSuggestedLines,
  estimateFigures,
  parseEstimateInput,
  parseSuggestedLines,
  type EstimateInput,
  type EstimateRecord,
  type SuggestedLineInput,
} from '../domain/estimate';
import { gateStateOf } from '../domain/opportunity-gate';
import { signingBlockers, stageAfterReview, type GateState } from '../domain/review-gate';
import {
  isUuid,
  type OpportunityStage,
  type PricingModel,
  type ReviewDecision,
  type ReviewDiscipline,
} from '../domain/sales-types';
import type { SuggestedLineRecord } from '../entities/contract-review.entity';
import type { ContractEntity } from '../entities/contract.entity';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import type { SalesEvents } from '../events/sales.publisher';
import { CalibrationRepository } from '../repositories/calibration.repository';
import { EstimateRepository } from '../repositories/estimate.repository';
import { RoleRateRepository } from '../repositories/role-rate.repository';
import { SalesRepository } from '../repositories/sales.repository';
import { calibrationsOf } from './calibration.queries';

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

/** How an unknown opportunity id is reported: inside an input it is bad input, as the target it is not found. */
type UnknownId = { kind: 'bad-input' | 'not-found'; field: string };

/** The caller's team member id; the JWT `sub` must be one to own or review anything. */
function callerId(actor: Actor): string {
  if (!isUuid(actor.id)) throw forbidden('Your identity does not name a team member');
  return actor.id;
}

function requireOwner(actor: Actor, opportunity: OpportunityEntity, action: string): void {
  if (actor.id !== opportunity.ownerId) throw forbidden(`Only the opportunity owner can ${action}`);
}

function requireOpen(opportunity: OpportunityEntity): void {
  if (opportunity.stage === 'WON') throw conflict('Already signed');
  if (opportunity.stage === 'LOST') throw conflict('Opportunity is lost');
}

/** The repositories of one transaction. */
function reposOf(manager: EntityManager) {
  return {
    sales: new SalesRepository(manager),
    estimates: new EstimateRepository(manager),
    roleRates: new RoleRateRepository(manager),
    calibrations: new CalibrationRepository(manager),
  };
}
type Repos = ReturnType<typeof reposOf>;

/**
 * Opportunity commands. Each runs in one transaction that first locks the opportunity row, so
 * an estimate change, a review and a signature of the same opportunity never interleave; any
 * error rolls the transaction back, so a refused request writes nothing.
 */
export class OpportunityCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: SalesEvents,
    /** Estimated margin % under which a contract also needs a FINANCE approval. */
    private readonly marginThresholdPercent: number,
  ) {}

  /** SALES/ADMIN; the caller becomes the owner; the client must exist. */
  async create(actor: Actor, input: CreateOpportunityInput): Promise<OpportunityEntity> {
    requireRole(actor, 'SALES');
    const ownerId = callerId(actor);
    const title = requiredText(input.title, 'input.title');
    return this.dataSource.transaction(async (manager) => {
      const sales = new SalesRepository(manager);
      const client = await sales.client(input.clientId);
      if (!client) throw badInput('input.clientId', `No client ${input.clientId}`);
      const now = new Date();
      return sales.insertOpportunity({
        clientId: client.id,
        title,
        ownerId,
        stage: 'QUALIFYING',
        pricingModel: input.pricingModel,
        lostReason: null,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  /** Owner only. Every change bumps the revision, which voids approvals of earlier revisions. */
  async setEstimate(actor: Actor, input: SetEstimateInput): Promise<OpportunityEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repos = reposOf(manager);
      const opportunity = await this.lock(repos, input.opportunityId, {
        kind: 'bad-input',
        field: 'input.opportunityId',
      });
      requireOwner(actor, opportunity, 'change its estimate');
      requireOpen(opportunity);
      const card = await repos.roleRates.cardOn(
        input.startDate,
        input.lines.map((line) => line.role),
      );
      const draft = parseEstimateInput(input, 'input', card);
      const previous = await repos.estimates.ofOpportunity(opportunity.id);
      const now = new Date();
      await repos.estimates.save(opportunity.id, draft, (previous?.revision ?? 0) + 1, now);
      return this.moveTo(repos, opportunity, 'ESTIMATING', now);
    });
  }

  /** Owner only; needs an estimate. */
  async submitForReview(actor: Actor, opportunityId: string): Promise<OpportunityEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repos = reposOf(manager);
      const opportunity = await this.lock(repos, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      requireOwner(actor, opportunity, 'submit it for review');
      requireOpen(opportunity);
      const { state } = await this.gate(repos, { ...opportunity, stage: 'IN_REVIEW' });
      if (!state.estimate) throw preconditionFailed('No estimate yet', ['No estimate yet']);
      // Resubmitting an estimate that already holds every approval it needs keeps it approved.
      return this.moveTo(repos, opportunity, stageAfterReview(state), new Date());
    });
  }

  /**
   * The caller reviews for a discipline they hold (ADMIN counts) and is never the owner. The
   * review records the current estimate revision; when the approvals then hold, the
   * opportunity is APPROVED.
   */
  async review(actor: Actor, input: ReviewOpportunityInput): Promise<OpportunityEntity> {
    if (!hasRole(actor, input.discipline)) {
      throw forbidden(`Only ${input.discipline} (or ADMIN) can give a ${input.discipline} review`);
    }
    const reviewerId = callerId(actor);
    const comment = optionalText(input.comment, 'input.comment');
    if (input.suggestedLines) checkSuggestedLines(input.suggestedLines, 'input.suggestedLines');
    return this.dataSource.transaction(async (manager) => {
      const repos = reposOf(manager);
      const opportunity = await this.lock(repos, input.opportunityId, {
        kind: 'bad-input',
        field: 'input.opportunityId',
      });
      if (opportunity.ownerId === reviewerId)
        throw forbidden('The opportunity owner cannot review their own estimate');
      requireOpen(opportunity);
      const estimate = await repos.estimates.ofOpportunity(opportunity.id);
      if (!estimate) throw preconditionFailed('No estimate yet', ['No estimate yet']);
      if (opportunity.stage !== 'IN_REVIEW' && opportunity.stage !== 'APPROVED') {
        throw preconditionFailed('The estimate has not been submitted for review', [
          'Not submitted for review',
        ]);
      }
      const suggestedLines = await this.counterEstimate(repos, input, estimate);
      const now = new Date();
      await repos.sales.insertReview({
        opportunityId: opportunity.id,
        reviewerId,
        discipline: input.discipline,
        decision: input.decision,
        comment,
        estimateRevision: estimate.revision,
        at: now,
        suggestedLines,
      });
      const { state } = await this.gate(repos, opportunity, estimate);
      return this.moveTo(repos, opportunity, stageAfterReview(state), now);
    });
  }

  /**
   * Owner only, and only when the review gate holds. Creates the contract, marks the
   * opportunity WON and publishes ContractSigned, all in one transaction.
   */
  async sign(actor: Actor, opportunityId: string): Promise<ContractEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repos = reposOf(manager);
      const opportunity = await this.lock(repos, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      requireOwner(actor, opportunity, 'sign its contract');
      const { state, estimate } = await this.gate(repos, opportunity);
      if (state.signed) throw conflict('Already signed');
      const blockers = signingBlockers(state, actor);
      if (blockers.length > 0 || !estimate) {
        throw preconditionFailed(`Cannot sign yet: ${blockers.join('; ')}`, blockers);
      }
      const client = await repos.sales.client(opportunity.clientId);
      if (!client)
        throw new Error(`client ${opportunity.clientId} of opportunity ${opportunity.id} is missing`);
      const figures = estimateFigures(estimate);
      const now = new Date();
      const contract = await repos.sales.insertContract({
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
      });
      await this.moveTo(repos, opportunity, 'WON', now);
      await this.events.contractSigned(manager, {
        contractId: contract.id,
        opportunity,
        client,
        estimate,
        totalMinutes: figures.totalMinutes,
        signedAt: now,
      });
      return contract;
    });
  }

  /** Owner or ADMIN, with a reason; never after signing. */
  async markLost(actor: Actor, opportunityId: string, reason: string): Promise<OpportunityEntity> {
    const lostReason = requiredText(reason, 'reason');
    return this.dataSource.transaction(async (manager) => {
      const repos = reposOf(manager);
      const opportunity = await this.lock(repos, opportunityId, {
        kind: 'not-found',
        field: 'opportunityId',
      });
      if (actor.id !== opportunity.ownerId && !isAdmin(actor)) {
        throw forbidden('Only the opportunity owner or an ADMIN can mark it lost');
      }
      if (opportunity.stage === 'WON') throw conflict('Already signed: a won opportunity cannot be lost');
      const changes = { stage: 'LOST' as const, lostReason, updatedAt: new Date() };
      await repos.sales.updateOpportunity(opportunity.id, changes);
      return { ...opportunity, ...changes };
    });
  }

  private async lock(repos: Repos, id: string, unknown: UnknownId): Promise<OpportunityEntity> {
    const opportunity = await repos.sales.lockOpportunity(id);
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
    repos: Repos,
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
    const card = await repos.roleRates.cardOn(
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
    repos: Repos,
    opportunity: OpportunityEntity,
    knownEstimate?: EstimateRecord | null,
  ): Promise<{ state: GateState; estimate: EstimateRecord | null }> {
    const estimate =
      knownEstimate === undefined ? await repos.estimates.ofOpportunity(opportunity.id) : knownEstimate;
    const reviews = await repos.sales.reviewsByOpportunity([opportunity.id]);
    const contracts = await repos.sales.contractCount(opportunity.id);
    const state = gateStateOf({
      stage: opportunity.stage,
      ownerId: opportunity.ownerId,
      signed: contracts > 0,
      estimate,
      reviews,
      marginThresholdPercent: this.marginThresholdPercent,
      calibrations: await calibrationsOf(repos.calibrations, estimate?.lines.map((line) => line.role) ?? []),
    });
    return { state, estimate };
  }

  private async moveTo(
    repos: Repos,
    opportunity: OpportunityEntity,
    stage: OpportunityStage,
    now: Date,
  ): Promise<OpportunityEntity> {
    await repos.sales.updateOpportunity(opportunity.id, { stage, updatedAt: now });
    return { ...opportunity, stage, updatedAt: now };
  }
}
