import type { EventHandler } from '@platform/messaging';
import { recordTeamMember } from '../domain/team-members';

/** Keeps the local team member projection (names, roles, active) current. */
export const onTeamMemberUpserted: EventHandler<'TeamMemberUpserted'> = (event, manager) =>
  recordTeamMember(manager, event.payload);
