import { forbidden } from '@platform/errors';
import type { Identity, Role } from './identity';

/** ADMIN may do anything a role grants; rules that exclude a person (the owner, the requester) still apply. */
export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.includes('ADMIN') || roles.some((r) => identity.roles.includes(r));
}

export function requireRole(identity: Identity, ...roles: Role[]): void {
  if (!hasRole(identity, ...roles)) {
    throw forbidden(
      `Requires one of the roles ${['ADMIN', ...roles].filter((r, i, a) => a.indexOf(r) === i).join(', ')}`,
    );
  }
}

export const isAdmin = (identity: Identity) => identity.roles.includes('ADMIN');
export const canSeeFinancials = (identity: Identity) => hasRole(identity, 'FINANCE');
