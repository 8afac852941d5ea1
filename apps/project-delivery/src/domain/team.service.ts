import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict, notFound } from '@platform/errors';
import { requireRole, type Actor, type Role } from '@platform/domain-kit';
import { TeamMemberEntity } from '../entities/team-member.entity';
import type { DeliveryPorts } from './ports';
import { lockMember } from './repository';
import {
  atLeastOneRole,
  optionalRole,
  optionalTitle,
  requiredName,
  validEmail,
  weeklyCapacityMinutes,
} from './rules';

export interface CreateTeamMemberInput {
  name: string;
  email: string;
  title?: string | null;
  roles: Role[];
  weeklyCapacityHours: number;
  primaryRole?: string | null;
}

export interface UpdateTeamMemberInput {
  id: string;
  name?: string | null;
  title?: string | null;
  roles?: Role[] | null;
  weeklyCapacityHours?: number | null;
  active?: boolean | null;
  /** null clears it. */
  primaryRole?: string | null;
}

const UNIQUE_VIOLATION = '23505';

async function publishUpserted(ports: DeliveryPorts, manager: EntityManager, member: TeamMemberEntity) {
  await ports.outbox.publish(manager, 'TeamMemberUpserted', {
    memberId: member.id,
    name: member.name,
    email: member.email,
    title: member.title,
    roles: member.roles,
    weeklyCapacityMinutes: member.weeklyCapacityMinutes,
    active: member.active,
    primaryRole: member.primaryRole,
    updatedAt: member.updatedAt.toISOString(),
  });
}

/** ADMIN only; emails are unique regardless of case. */
export async function createTeamMember(
  ports: DeliveryPorts,
  actor: Actor,
  input: CreateTeamMemberInput,
): Promise<TeamMemberEntity> {
  requireRole(actor);
  const now = new Date();
  const member = Object.assign(new TeamMemberEntity(), {
    id: randomUUID(),
    name: requiredName(input.name, 'input.name'),
    email: validEmail(input.email, 'input.email'),
    title: optionalTitle(input.title),
    roles: atLeastOneRole(input.roles, 'input.roles'),
    weeklyCapacityMinutes: weeklyCapacityMinutes(input.weeklyCapacityHours, 'input.weeklyCapacityHours'),
    active: true,
    primaryRole: optionalRole(input.primaryRole, 'input.primaryRole'),
    createdAt: now,
    updatedAt: now,
  });
  try {
    return await ports.dataSource.transaction(async (manager) => {
      const taken = await manager
        .getRepository(TeamMemberEntity)
        .createQueryBuilder('m')
        .where('lower(m.email) = lower(:email)', { email: member.email })
        .getExists();
      if (taken) throw conflict(`a team member with email ${member.email} already exists`);
      await manager.getRepository(TeamMemberEntity).insert(member);
      await publishUpserted(ports, manager, member);
      return member;
    });
  } catch (error) {
    // Two concurrent creates with one email: the unique index decides, and the loser gets the same answer.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw conflict(`a team member with email ${member.email} already exists`);
    }
    throw error;
  }
}

/** ADMIN only; absent (or null) fields stay as they are, except `title`, which null clears. */
export async function updateTeamMember(
  ports: DeliveryPorts,
  actor: Actor,
  input: UpdateTeamMemberInput,
): Promise<TeamMemberEntity> {
  requireRole(actor);
  const patch: Partial<TeamMemberEntity> = {};
  if (input.name !== undefined && input.name !== null) patch.name = requiredName(input.name, 'input.name');
  if (input.title !== undefined) patch.title = optionalTitle(input.title);
  if (input.roles !== undefined && input.roles !== null)
    patch.roles = atLeastOneRole(input.roles, 'input.roles');
  if (input.weeklyCapacityHours !== undefined && input.weeklyCapacityHours !== null) {
    patch.weeklyCapacityMinutes = weeklyCapacityMinutes(
      input.weeklyCapacityHours,
      'input.weeklyCapacityHours',
    );
  }
  if (input.active !== undefined && input.active !== null) patch.active = input.active;
  if (input.primaryRole !== undefined)
    patch.primaryRole = optionalRole(input.primaryRole, 'input.primaryRole');

  return ports.dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(TeamMemberEntity);
    const member = await lockMember(manager, input.id);
    if (!member) throw notFound('TeamMember', input.id, 'input.id');
    Object.assign(member, patch, { updatedAt: new Date() });
    await repo.save(member);
    await publishUpserted(ports, manager, member);
    return member;
  });
}
