import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { conflict, notFound } from '@platform/errors';
import { requireRole, type Actor, type Role } from '@platform/domain-kit';
import {
  atLeastOneRole,
  optionalRole,
  optionalTitle,
  requiredName,
  validEmail,
  weeklyCapacityMinutes,
} from '../domain/rules';
import { TeamMemberEntity } from '../entities/team-member.entity';
import type { DeliveryEvents } from '../events/delivery.publisher';
import { repositoriesOf } from '../repositories';

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

/** The team: members are created and changed by an ADMIN; each change is published (TeamMemberUpserted). */
export class TeamCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DeliveryEvents,
  ) {}

  /** ADMIN only; emails are unique regardless of case. */
  async createTeamMember(actor: Actor, input: CreateTeamMemberInput): Promise<TeamMemberEntity> {
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
      return await this.dataSource.transaction(async (manager) => {
        const { team } = repositoriesOf(manager);
        if (await team.emailTaken(member.email))
          throw conflict(`a team member with email ${member.email} already exists`);
        await team.insertMember(member);
        await this.events.teamMemberUpserted(manager, member);
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
  async updateTeamMember(actor: Actor, input: UpdateTeamMemberInput): Promise<TeamMemberEntity> {
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

    return this.dataSource.transaction(async (manager) => {
      const { team } = repositoriesOf(manager);
      const member = await team.lockMember(input.id);
      if (!member) throw notFound('TeamMember', input.id, 'input.id');
      Object.assign(member, patch, { updatedAt: new Date() });
      await team.saveMember(member);
      await this.events.teamMemberUpserted(manager, member);
      return member;
    });
  }
}
