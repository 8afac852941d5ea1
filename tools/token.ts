/**
 * Prints a development JWT for the gateway: `npm run token -- --sub <id> --roles ADMIN,FINANCE`.
 * Signed with AUTH_JWT_SECRET (default: the development secret); never use it in production.
 */
import { parseArgs } from 'node:util';
import { devToken } from '@platform/seed';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: '00000000-0000-4000-8000-000000000001' },
      roles: { type: 'string', default: 'ADMIN' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const roles = values
    .roles!.split(',')
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
  process.stdout.write(
    `${await devToken({ sub: values.sub!, roles, name: values.name, ttl: values.ttl })}\n`,
  );
}

void main();
