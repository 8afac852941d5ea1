import { SignJWT } from 'jose';

export const DEV_JWT_SECRET = 'dev-secret-not-for-production';

/** A gateway JWT (HS256) for development, the demo seed and tests. */
export async function devToken(options: {
  sub: string;
  roles: string[];
  name?: string;
  ttl?: string;
  secret?: string;
}): Promise<string> {
  const secret = options.secret ?? process.env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET;
  return new SignJWT({ roles: options.roles, name: options.name ?? options.sub })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(options.ttl ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
