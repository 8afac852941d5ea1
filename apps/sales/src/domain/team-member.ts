import { badInput } from '@platform/errors';

/** A reference to a team member must name an active member this service has heard of. */
export function requireActiveMember(
  member: { name: string; active: boolean } | null,
  id: string,
  field: string,
): void {
  if (!member) throw badInput(field, `No team member ${id} is known`);
  if (!member.active) throw badInput(field, `Team member ${member.name} is not active`);
}
