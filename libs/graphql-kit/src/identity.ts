import { createHmac, timingSafeEqual } from 'node:crypto';

import { ROLES, type Actor, type Role } from '@platform/domain-kit';

export { ROLES, type Actor, type Role };

/** The caller as the gateway verified it from the JWT. */
export interface Identity {
  sub: string;
  roles: Role[];
  name: string;
}

/** The domain's view of the caller: the GraphQL layer converts, the domain never sees Identity. */
export const actorOf = (identity: Identity): Actor => ({ id: identity.sub, roles: identity.roles });

/** Header the gateway sets on every subgraph request; clients can never set it themselves. */
export const IDENTITY_HEADER = 'x-platform-identity';

function hmac(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/**
 * Signs the identity for a subgraph: "<base64url(json)>.<unix seconds>.<hmac>". The timestamp
 * bounds replay of a captured header to the configured window.
 */
export function signIdentity(identity: Identity, secret: string, nowMs = Date.now()): string {
  const body = Buffer.from(JSON.stringify(identity)).toString('base64url');
  const ts = Math.floor(nowMs / 1000).toString();
  return `${body}.${ts}.${hmac(secret, `${body}.${ts}`)}`;
}

export type IdentityCheck = { ok: true; identity: Identity } | { ok: false; reason: string };

export function verifyIdentity(
  header: string | undefined,
  secret: string,
  maxAgeSeconds: number,
  nowMs = Date.now(),
): IdentityCheck {
  if (!header) return { ok: false, reason: 'missing gateway identity' };
  const parts = header.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed gateway identity' };
  const [body, ts, signature] = parts;
  const expected = Buffer.from(hmac(secret, `${body}.${ts}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad gateway signature' };
  }
  const age = Math.floor(nowMs / 1000) - Number(ts);
  if (!Number.isFinite(age) || Math.abs(age) > maxAgeSeconds)
    return { ok: false, reason: 'expired gateway identity' };
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Identity>;
    if (typeof parsed.sub !== 'string' || !Array.isArray(parsed.roles)) {
      return { ok: false, reason: 'malformed gateway identity' };
    }
    const roles = parsed.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return {
      ok: true,
      identity: { sub: parsed.sub, roles, name: typeof parsed.name === 'string' ? parsed.name : '' },
    };
  } catch {
    return { ok: false, reason: 'malformed gateway identity' };
  }
}
