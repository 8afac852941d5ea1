import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '@platform/errors';
import { moneyFromInput, isAdmin, requireRole, type Actor, type MoneyInput } from '@platform/domain-kit';
import { toEventMoney } from '@platform/events';
import { EngagementEntity } from '../entities/engagement.entity';
import { MilestoneEntity } from '../entities/milestone.entity';
import { ProjectEntity } from '../entities/project.entity';
import type { MilestoneKind } from './milestone-plan';
import type { DeliveryPorts } from './ports';
import { findById, lockMilestone, lockProject } from './repository';
import { isOpenForWork, nextMilestoneStatus, requiredName } from './rules';

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

async function engagementOf(manager: EntityManager, project: ProjectEntity): Promise<EngagementEntity> {
  const engagement = await findById(manager, EngagementEntity, project.engagementId);
  // A project is only ever created for a known engagement, and projections are never deleted.
  if (!engagement) throw new Error(`engagement ${project.engagementId} of project ${project.id} is missing`);
  return engagement;
}

async function projectOf(manager: EntityManager, milestone: MilestoneEntity): Promise<ProjectEntity> {
  const project = await findById(manager, ProjectEntity, milestone.projectId);
  if (!project) throw new Error(`project ${milestone.projectId} of milestone ${milestone.id} is missing`);
  return project;
}

/** DELIVERY/ADMIN; only on a PLANNED or ACTIVE project (CONFLICT otherwise). */
export async function addMilestone(
  ports: DeliveryPorts,
  actor: Actor,
  input: AddMilestoneInput,
): Promise<MilestoneEntity> {
  requireRole(actor, 'DELIVERY');
  const name = requiredName(input.name, 'input.name');
  return ports.dataSource.transaction(async (manager) => {
    const project = await lockProject(manager, input.projectId);
    if (!project) throw notFound('Project', input.projectId, 'input.projectId');
    if (!isOpenForWork(project.status))
      throw conflict(`cannot add a milestone to a ${project.status} project`);
    const engagement = await engagementOf(manager, project);
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
    await manager.getRepository(MilestoneEntity).insert(milestone);
    await publishMilestonePlanned(ports, manager, milestone, project.engagementId);
    return milestone;
  });
}

/** Engagement learns each milestone's due date (its schedule colour turns on lateness). */
export async function publishMilestonePlanned(
  ports: DeliveryPorts,
  manager: EntityManager,
  milestone: MilestoneEntity,
  engagementId: string,
): Promise<void> {
  await ports.outbox.publish(manager, 'MilestonePlanned', {
    milestoneId: milestone.id,
    projectId: milestone.projectId,
    engagementId,
    kind: milestone.kind,
    name: milestone.name,
    dueDate: milestone.dueDate,
    plannedAt: milestone.createdAt.toISOString(),
  });
}

/** DELIVERY/ADMIN; sets or (with null) clears the amount invoiced on sign-off, until the sign-off. */
export async function setMilestoneBillingAmount(
  ports: DeliveryPorts,
  actor: Actor,
  milestoneId: string,
  input: MoneyInput | null,
): Promise<MilestoneEntity> {
  requireRole(actor, 'DELIVERY');
  return ports.dataSource.transaction(async (manager) => {
    const milestone = await lockMilestone(manager, milestoneId);
    if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
    if (milestone.status === 'SIGNED_OFF') {
      throw conflict('the billing amount cannot change after the milestone was signed off');
    }
    const engagement = await engagementOf(manager, await projectOf(manager, milestone));
    const amount = input ? billingAmount(input, engagement.currency ?? '', 'amount') : null;
    milestone.billingAmountMinor = amount?.minor ?? null;
    milestone.billingCurrency = amount?.currency ?? null;
    await manager.getRepository(MilestoneEntity).save(milestone);
    return milestone;
  });
}

/** DELIVERY/ADMIN: OPEN → DELIVERED; not on a cancelled project. */
export async function deliverMilestone(
  ports: DeliveryPorts,
  actor: Actor,
  milestoneId: string,
): Promise<MilestoneEntity> {
  requireRole(actor, 'DELIVERY');
  return ports.dataSource.transaction(async (manager) => {
    const milestone = await lockMilestone(manager, milestoneId);
    if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
    const project = await projectOf(manager, milestone);
    if (project.status === 'CANCELLED') throw conflict('the project was cancelled');
    milestone.status = nextMilestoneStatus(milestone.status, 'deliver');
    milestone.deliveredAt = new Date();
    await manager.getRepository(MilestoneEntity).save(milestone);
    return milestone;
  });
}

/**
 * Records the client's sign-off of a delivered milestone (DELIVERED → SIGNED_OFF). Only the
 * engagement's delivery owner, who answers to the client for the deliverable, or an ADMIN.
 */
export async function signOffMilestone(
  ports: DeliveryPorts,
  actor: Actor,
  milestoneId: string,
): Promise<MilestoneEntity> {
  return ports.dataSource.transaction(async (manager) => {
    const milestone = await lockMilestone(manager, milestoneId);
    if (!milestone) throw notFound('Milestone', milestoneId, 'milestoneId');
    const project = await projectOf(manager, milestone);
    const engagement = await engagementOf(manager, project);
    if (!isAdmin(actor) && actor.id !== engagement.deliveryOwnerId) {
      throw forbidden("only the engagement's delivery owner or an ADMIN records a sign-off");
    }
    if (project.status === 'CANCELLED') throw conflict('the project was cancelled');
    milestone.status = nextMilestoneStatus(milestone.status, 'signOff');
    const now = new Date();
    milestone.signedOffAt = now;
    milestone.signedOffBy = actor.id;
    await manager.getRepository(MilestoneEntity).save(milestone);
    await ports.outbox.publish(manager, 'MilestoneSignedOff', {
      milestoneId: milestone.id,
      projectId: project.id,
      engagementId: project.engagementId,
      kind: milestone.kind,
      name: milestone.name,
      billingAmount:
        milestone.billingAmountMinor !== null && milestone.billingCurrency !== null
          ? toEventMoney({ minor: milestone.billingAmountMinor, currency: milestone.billingCurrency })
          : null,
      signedOffAt: now.toISOString(),
    });
    return milestone;
  });
}
