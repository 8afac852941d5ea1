import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Identity, type Role } from '@platform/graphql-kit';
import type { GatewayConfig } from './config';

export class AuthenticationError extends Error {}

export type Authenticator = (authorization: string | undefined) => Promise<Identity>;

/**
 * Verifies `Authorization: Bearer <JWT>`: HS256 with the local secret, or an asymmetric key
 * from the production JWKS (issuer and audience checked when configured). Expired or wrongly
 * signed tokens are refused.
 */
export function createAuthenticator(config: GatewayConfig): Authenticator {
  const secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
  const jwks = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : undefined;
  const claims = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };

  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('Missing bearer token');
    const token = match[1];
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') {
        ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], ...claims }));
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
    return { sub: payload.sub, roles, name: typeof payload.name === 'string' ? payload.name : payload.sub };
  };
}
