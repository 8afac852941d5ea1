import { SignJWT } from 'jose';
import { devToken } from '@platform/testing';
import { AuthenticationError, createAuthenticator } from './auth';
import { loadGatewayConfig } from './config';

const SECRET = 'auth-spec-jwt-secret-0123456789';
const MEMBER = '00000000-0000-4000-8000-0000000000a1';
const FINANCE = '00000000-0000-4000-8000-0000000000a2';

/** A clock the test moves by hand: no real sleeps, and expiry is decided to the second. */
function manualClock(startMs = Date.now()) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (seconds: number) => void (nowMs += seconds * 1000) };
}

/** A token with exactly the claims given (devToken always sets iat and exp). */
function rawToken(claims: { sub?: string; iat?: number; exp?: number }, secret = SECRET): Promise<string> {
  return new SignJWT({ roles: ['MEMBER'], ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

describe('gateway authentication with verified tokens kept until they expire', () => {
  it('accepts a verified token again from the cache, and refuses it once it has expired', async () => {
    const clock = manualClock();
    const authenticate = createAuthenticator(loadGatewayConfig({ AUTH_JWT_SECRET: SECRET }), clock);
    const token = await devToken({ sub: MEMBER, roles: ['MEMBER'], secret: SECRET, ttl: '1s' });
    const first = await authenticate(`Bearer ${token}`);
    expect(first).toEqual({ sub: MEMBER, roles: ['MEMBER'], name: MEMBER });
    expect(await authenticate(`Bearer ${token}`)).toEqual(first);
    clock.advance(2);
    await expect(authenticate(`Bearer ${token}`)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('never lets a cached token vouch for another one (a forged signature is refused)', async () => {
    const authenticate = createAuthenticator(loadGatewayConfig({ AUTH_JWT_SECRET: SECRET }));
    const token = await devToken({ sub: MEMBER, roles: ['MEMBER'], secret: SECRET });
    await authenticate(`Bearer ${token}`);
    const forged = await devToken({ sub: MEMBER, roles: ['ADMIN'], secret: 'another-secret-0123456789abc' });
    await expect(authenticate(`Bearer ${forged}`)).rejects.toThrow(/Invalid token/);
  });

  it('verifies every request when the cache is off (AUTH_TOKEN_CACHE_SIZE=0)', async () => {
    const clock = manualClock();
    const authenticate = createAuthenticator(
      loadGatewayConfig({ AUTH_JWT_SECRET: SECRET, AUTH_TOKEN_CACHE_SIZE: '0' }),
      clock,
    );
    const token = await devToken({ sub: FINANCE, roles: ['FINANCE'], secret: SECRET, ttl: '1s' });
    await authenticate(`Bearer ${token}`);
    clock.advance(2);
    await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(/Invalid token/);
  });
});

describe('gateway authentication: identity edge cases', () => {
  const config = (env: Record<string, string> = {}) => loadGatewayConfig({ AUTH_JWT_SECRET: SECRET, ...env });

  it('refuses a subject that is not a UUID, so no subgraph ever sees it', async () => {
    const authenticate = createAuthenticator(config());
    for (const sub of ['member-1', "x' OR 1=1 --", '00000000-0000-4000-8000-00000000000', ' '] as const) {
      const token = await devToken({ sub, roles: ['ADMIN'], secret: SECRET });
      await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(/subject is not a UUID/);
    }
  });

  it('refuses a token without exp, which would otherwise never expire', async () => {
    const authenticate = createAuthenticator(config());
    const token = await rawToken({ sub: MEMBER, iat: Math.floor(Date.now() / 1000) });
    await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(/exp/);
  });

  it('caps the age of a token by its iat with AUTH_MAX_TOKEN_AGE_SECONDS, cached or not', async () => {
    const clock = manualClock();
    const authenticate = createAuthenticator(config({ AUTH_MAX_TOKEN_AGE_SECONDS: '3600' }), clock);
    const iat = Math.floor(clock.now() / 1000);
    // Valid for a year by its exp, but the gateway accepts it only for 3600 s after iat.
    const token = await rawToken({ sub: MEMBER, iat, exp: iat + 365 * 86_400 });
    await expect(authenticate(`Bearer ${token}`)).resolves.toMatchObject({ sub: MEMBER });
    clock.advance(3599);
    await expect(authenticate(`Bearer ${token}`)).resolves.toMatchObject({ sub: MEMBER });
    clock.advance(2);
    await expect(authenticate(`Bearer ${token}`)).rejects.toBeInstanceOf(AuthenticationError);
    // Without iat the age cannot be known: refused while a cap is configured.
    const undated = await rawToken({ sub: MEMBER, exp: iat + 60 });
    await expect(authenticate(`Bearer ${undated}`)).rejects.toThrow(/iat/);
  });
});
