import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import type { EventPayload } from '@platform/events';
import { TeamMemberEntity } from '../entities/team-member.entity';

/** Sales' projection of delivery's team members (TeamMemberUpserted). */
export class TeamMemberRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Applies a TeamMemberUpserted fact. Events of one member are keyed together and so arrive in
   * order, but a replay or a relay retry may bring an older state again: the newest `updatedAt`
   * wins, so the projection ends the same whatever the delivery order.
   */
  async record(fact: EventPayload<'TeamMemberUpserted'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO team_members (id, name, roles, active, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE
         SET name = EXCLUDED.name, roles = EXCLUDED.roles, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
         WHERE team_members.updated_at <= EXCLUDED.updated_at`,
      [fact.memberId, fact.name, fact.roles, fact.active, fact.updatedAt],
    );
  }

  /** The member as last heard of; null for an id that is not a UUID or not known. */
  byId(id: string): Promise<TeamMemberEntity | null> {
    return isUuid(id)
      ? this.manager.getRepository(TeamMemberEntity).findOneBy({ id })
      : Promise.resolve(null);
  }
}
