import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';
import { badInput } from '@platform/errors';
import { TeamMemberEntity } from '../entities/team-member.entity';
import { isUuid } from './sales-types';

/**
 * Applies a TeamMemberUpserted fact. Events of one member are keyed together and so arrive in
 * order, but a replay or a relay retry may bring an older state again: the newest `updatedAt`
 * wins, so the projection ends the same whatever the delivery order.
 */
export async function recordTeamMember(
  manager: EntityManager,
  fact: EventPayload<'TeamMemberUpserted'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO team_members (id, name, roles, active, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE
       SET name = EXCLUDED.name, roles = EXCLUDED.roles, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
       WHERE team_members.updated_at <= EXCLUDED.updated_at`,
    [fact.memberId, fact.name, fact.roles, fact.active, fact.updatedAt],
  );
}

/** A reference to a team member must name an active member this service has heard of. */
export async function requireActiveMember(manager: EntityManager, id: string, field: string): Promise<void> {
  const member = isUuid(id) ? await manager.getRepository(TeamMemberEntity).findOneBy({ id }) : null;
  if (!member) throw badInput(field, `No team member ${id} is known`);
  if (!member.active) throw badInput(field, `Team member ${member.name} is not active`);
}
