import { forbidden } from '@platform/errors';

export const ROLES = ['ADMIN', 'SALES', 'DELIVERY', 'FINANCE', 'MEMBER'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who acts, as the domain sees it: a team member id and roles. The GraphQL layer builds it
 * from the verified gateway identity (graphql-kit's actorOf).
 */
export interface Actor {
  id: string;
  roles: readonly Role[];
}

/** Anything carrying roles: an Actor, or the gateway identity before conversion. */
type WithRoles = { readonly roles: readonly Role[] };

/** ADMIN may do anything a role grants; rules that exclude a person (the owner, the requester) still apply. */
export function hasRole(actor: WithRoles, ...roles: Role[]): boolean {
  return actor.roles.includes('ADMIN') || roles.some((r) => actor.roles.includes(r));
}

export function requireRole(actor: WithRoles, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) {
    throw forbidden(
      `Requires one of the roles ${['ADMIN', ...roles].filter((r, i, a) => a.indexOf(r) === i).join(', ')}`,
    );
  }
}

export const isAdmin = (actor: WithRoles): boolean => actor.roles.includes('ADMIN');
export const canSeeFinancials = (actor: WithRoles): boolean => hasRole(actor, 'FINANCE');
