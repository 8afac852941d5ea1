import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Identity, type Role } from '@platform/graphql-kit';
import type { GatewayConfig } from './config';

export class AuthenticationError extends Error {}

export type Authenticator = (authorization: string | undefined) => Promise<Identity>;

/** Where the authenticator reads the time; tests move it by hand instead of sleeping. */
export interface Clock {
  now(): number;
}

// Subjects are team-member ids, uuid columns in every subgraph: anything else is refused here.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tokens already verified, until they expire: the same token on every request of a session is
 * checked once per process, until its `exp` or the end of its allowed age, whichever comes first.
 * Bounded (oldest dropped first).
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();
  constructor(
    private readonly capacity: number,
    private readonly clock: Clock,
  ) {}

  get(token: string): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > this.clock.now()) return entry.identity;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, identity: Identity, expiresAtMs: number): void {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, {
      identity: Object.freeze({ ...identity, roles: [...identity.roles] }),
      expiresAtMs,
    });
  }
}

/**
 * Verifies `Authorization: Bearer <JWT>`: HS256 with the local secret, or an asymmetric key
 * from the production JWKS (issuer and audience checked when configured). Expired or wrongly
 * signed tokens are refused, and so are tokens without `exp` (they would never expire), tokens
 * older than AUTH_MAX_TOKEN_AGE_SECONDS by their `iat` (0: no cap), and subjects that are not UUIDs.
 */
export function createAuthenticator(config: GatewayConfig, clock: Clock = Date): Authenticator {
  // Imported once; given the raw secret, jose would import it again for every verification.
  const secret = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(config.AUTH_JWT_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const jwks = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : undefined;
  const maxAge = config.AUTH_MAX_TOKEN_AGE_SECONDS;
  const verified = new VerifiedTokens(config.AUTH_TOKEN_CACHE_SIZE, clock);
  const claims = () => ({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    requiredClaims: maxAge > 0 ? ['exp', 'iat'] : ['exp'],
    ...(maxAge > 0 ? { maxTokenAge: maxAge } : {}),
    currentDate: new Date(clock.now()),
  });

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
        ({ payload } = await jwtVerify(token, await secret, { algorithms: ['HS256'], ...claims() }));
      } else if (jwks) {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
          ...claims(),
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
    if (!UUID.test(payload.sub)) throw new AuthenticationError('Token subject is not a UUID');
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
      : [];
    const identity = {
      sub: payload.sub,
      roles,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
    };
    // jose has checked that exp (and, with a cap, iat) are present numbers.
    const expiresAtMs = Math.min(
      payload.exp! * 1000,
      maxAge > 0 ? (payload.iat! + maxAge) * 1000 : Number.POSITIVE_INFINITY,
    );
    verified.set(token, identity, expiresAtMs);
    return identity;
  };
}
