import { devToken } from '@platform/testing';
import { AuthenticationError, createAuthenticator } from './auth';
import { loadGatewayConfig } from './config';

const SECRET = 'auth-spec-jwt-secret-0123456789';

describe('gateway authentication with verified tokens kept until they expire', () => {
  it('accepts a verified token again from the cache, and refuses it once it has expired', async () => {
    const authenticate = createAuthenticator(loadGatewayConfig({ AUTH_JWT_SECRET: SECRET }));
    const token = await devToken({ sub: 'member-1', roles: ['MEMBER'], secret: SECRET, ttl: '1s' });
    const first = await authenticate(`Bearer ${token}`);
    expect(first).toEqual({ sub: 'member-1', roles: ['MEMBER'], name: 'member-1' });
    expect(await authenticate(`Bearer ${token}`)).toEqual(first);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(authenticate(`Bearer ${token}`)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('never lets a cached token vouch for another one (a forged signature is refused)', async () => {
    const authenticate = createAuthenticator(loadGatewayConfig({ AUTH_JWT_SECRET: SECRET }));
    const token = await devToken({ sub: 'member-1', roles: ['MEMBER'], secret: SECRET });
    await authenticate(`Bearer ${token}`);
    const forged = await devToken({
      sub: 'member-1',
      roles: ['ADMIN'],
      secret: 'another-secret-0123456789abc',
    });
    await expect(authenticate(`Bearer ${forged}`)).rejects.toThrow(/Invalid token/);
  });

  it('verifies every request when the cache is off (AUTH_TOKEN_CACHE_SIZE=0)', async () => {
    const authenticate = createAuthenticator(
      loadGatewayConfig({ AUTH_JWT_SECRET: SECRET, AUTH_TOKEN_CACHE_SIZE: '0' }),
    );
    const token = await devToken({ sub: 'member-2', roles: ['FINANCE'], secret: SECRET, ttl: '1s' });
    await authenticate(`Bearer ${token}`);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(/Invalid token/);
  });
});
