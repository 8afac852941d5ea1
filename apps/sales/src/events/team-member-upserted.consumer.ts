import type { EventHandler } from '@platform/messaging';
import { TeamMemberRepository } from '../repositories/team-member.repository';

/** Keeps the local team member projection (names, roles, active) current. */
export const onTeamMemberUpserted: EventHandler<'TeamMemberUpserted'> = (event, manager) =>
  new TeamMemberRepository(manager).record(event.payload);
