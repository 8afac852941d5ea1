import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { isAdmin, moneyFromInput, requireRole, type Actor, type MoneyInput } from '@platform/domain-kit';
import type { MilestoneKind } from '../domain/milestone-plan';
import { isOpenForWork, nextMilestoneStatus, requiredName } from '../domain/rules';
import { MilestoneEntity } from '../entities/milestone.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf } from '../repositories';

export interface AddMilestoneInput {
  projectId: string;
  kind: MilestoneKind;
  name: string;
  dueDate: string;
  billingAmount?: MoneyInput | null;
}

/** A billing amount is positive and in the engagement's one currency; currencies never mix. */
function billingAmount(input: MoneyInput, engagementCurrency: string, field: string) {
  const amount = moneyFromInput(input, field);
  if (amount.currency !== engagementCurrency) {
    throw badInput(`${field}.currency`, `must be the engagement's currency ${engagementCurrency}`);
  }
  if (amount.minor <= 0n) throw badInput(`${field}.amount`, 'must be greater than zero');
  return amount;
}

/** A project's deliverables: planned, delivered, signed off by the client. */
export class MilestoneCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /** DELIVERY/ADMIN; only on a PLANNED or ACTIVE project (CONFLICT otherwise). */
  async addMilestone(actor: Actor, input: AddMilestoneInput): Promise<MilestoneEntity> {
    requireRole(actor, 'DELIVERY');
    const name = requiredName(input.name, 'input.name');
    return this.dataSource.transaction(async (manager) => {
      const { projects, engagements } = repositoriesOf(manager);
      const project = await projects.lock(input.projectId);
      if (!project) throw notFound('Project', input.projectId, 'input.projectId');
      if (!isOpenForWork(project.status))
        throw conflict(`cannot add a milestone to a ${project.status} project`);
      const engagement = await engagements.ofProject(project);
      const amount = input.billingAmount
        ? billingAmount(input.billingAmount, engagement.currency ?? '', 'input.billingAmount')
        : null;
      const milestone = Object.assign(new MilestoneEntity(), {
        id: randomUUID(),
        projectId: project.id,
        kind: input.kind,
        name,
        dueDate: input.dueDate,
        status: 'OPEN',
        billingAmountMinor: amount?.minor ?? null,
        billingCurrency: amount?.currency ?? null,
        createdAt: new Date(),
        deliveredAt: null,
        signedOffAt: null,
        signedOffBy: null,
      } satisfies MilestoneEntity);
      await projects.insertMilestones([milestone]);
      await this.events.milestonePlanned(manager, milestone, project.engagementId, milestone.createdAt);
      return milestone;
    });
  }

  /** DELIVERY/ADMIN; sets or (with null) clears the amount invoiced on sign-off, until the sign-off. */
  async setMilestoneBillingAmount(
    actor: Actor,
    milestoneId: string,
    input: MoneyInput | null,
  ): Promise<MilestoneEntity> {
    requireRole(actor, 'DELIVERY');
    return this.dataSource.transaction(async (manager) => {
      const { projects, engagements } = repositoriesOf(manager);
      const milestone = await projects.lockMilestone(milestoneId);
      if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
      if (milestone.status === 'SIGNED_OFF') {
        throw conflict('the billing amount cannot change after the milestone was signed off');
      }
      const engagement = await engagements.ofProject(await projects.ofMilestone(milestone));
      const amount = input ? billingAmount(input, engagement.currency ?? '', 'amount') : null;
      milestone.billingAmountMinor = amount?.minor ?? null;
      milestone.billingCurrency = amount?.currency ?? null;
      await projects.saveMilestone(milestone);
      return milestone;
    });
  }

  /** DELIVERY/ADMIN: OPEN → DELIVERED; not on a cancelled project. */
  async deliverMilestone(actor: Actor, milestoneId: string): Promise<MilestoneEntity> {
    requireRole(actor, 'DELIVERY');
    return this.dataSource.transaction(async (manager) => {
      const { projects } = repositoriesOf(manager);
      const milestone = await projects.lockMilestone(milestoneId);
      if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
      const project = await projects.ofMilestone(milestone);
      if (project.status === 'CANCELLED') throw conflict('the project was cancelled');
      milestone.status = nextMilestoneStatus(milestone.status, 'deliver');
      milestone.deliveredAt = new Date();
      await projects.saveMilestone(milestone);
      return milestone;
    });
  }

  /**
   * Records the client's sign-off of a delivered milestone (DELIVERED → SIGNED_OFF). Only the
   * engagement's delivery owner, who answers to the client for the deliverable, or an ADMIN.
   */
  async signOffMilestone(actor: Actor, milestoneId: string): Promise<MilestoneEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { projects, engagements } = repositoriesOf(manager);
      const milestone = await projects.lockMilestone(milestoneId);
      if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
      const project = await projects.ofMilestone(milestone);
      const engagement = await engagements.ofProject(project);
      if (!isAdmin(actor) && actor.id !== engagement.deliveryOwnerId) {
        throw forbidden("only the engagement's delivery owner or an ADMIN records a sign-off");
      }
      if (project.status === 'CANCELLED') throw conflict('the project was cancelled');
      milestone.status = nextMilestoneStatus(milestone.status, 'signOff');
      const now = new Date();
      milestone.signedOffAt = now;
      milestone.signedOffBy = actor.id;
      await projects.saveMilestone(milestone);
      await this.events.milestoneSignedOff(manager, milestone, project.engagementId, now);
      return milestone;
    });
  }
}
