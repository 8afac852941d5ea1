import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Identity, type Role } from '@platform/graphql-kit';
import type { GatewayConfig } from './config';

export class AuthenticationError extends Error {}

export type Authenticator = (authorization: string | undefined) => Promise<Identity>;

/**
 * Tokens already verified, until they expire: the same token on every request of a session is
 * checked once per process. Bounded (oldest dropped first); tokens without `exp` are not kept.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();
  constructor(private readonly capacity: number) {}

  get(token: string): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > Date.now()) return entry.identity;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, identity: Identity, exp: number | undefined): void {
    if (this.capacity === 0 || exp === undefined) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, {
      identity: Object.freeze({ ...identity, roles: [...identity.roles] }),
      expiresAtMs: exp * 1000,
    });
  }
}

/**
 * Verifies `Authorization: Bearer <JWT>`: HS256 with the local secret, or an asymmetric key
 * from the production JWKS (issuer and audience checked when configured). Expired or wrongly
 * signed tokens are refused.
 */
export function createAuthenticator(config: GatewayConfig): Authenticator {
  // Imported once; given the raw secret, jose would import it again for every verification.
  const secret = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(config.AUTH_JWT_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const jwks = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : undefined;
  const claims = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  const verified = new VerifiedTokens(config.AUTH_TOKEN_CACHE_SIZE);

  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('Missing bearer token');
    const token = match[1];
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') {
        ({ payload } = await jwtVerify(token, await secret, { algorithms: ['HS256'], ...claims }));
      } else if (jwks) {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
          ...claims,
        }));
      } else {
        throw new AuthenticationError(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
      }
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Invalid token: ${(error as Error).message}`);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0)
      throw new AuthenticationError('Token has no subject');
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
      : [];
    const identity = {
      sub: payload.sub,
      roles,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
    };
    verified.set(token, identity, payload.exp);
    return identity;
  };
}
