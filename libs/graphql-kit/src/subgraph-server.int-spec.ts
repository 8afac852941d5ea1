import { join } from 'node:path';
import { createLogger, createMetrics } from '@platform/observability';
import { IDENTITY_HEADER, signIdentity } from './identity';
import { startSubgraphServer, type RunningSubgraph } from './subgraph-server';

// The input policy as a subgraph process runs it: over HTTP, with a signed identity, so that what
// the gateway receives for a refused input is what this asserts (issue 17, classes 2–5).
const SECRET = 'policy-test-signing-secret-0123456789';
let calls = 0;
let server: RunningSubgraph;

beforeAll(async () => {
  server = await startSubgraphServer({
    name: 'policy',
    schemaPath: join(__dirname, 'testing/policy-subgraph.graphql'),
    resolvers: { Mutation: { plan: () => ((calls += 1), 'planned') } },
    host: '127.0.0.1',
    port: 0,
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    production: true,
    signingSecret: SECRET,
    signatureMaxAgeSeconds: 60,
    logger: createLogger('policy', 'silent'),
    metrics: createMetrics('policy', false),
    readiness: [],
    buildContext: (base) => base,
  });
});

afterAll(async () => {
  await server?.stop();
});

async function plan(input: Record<string, unknown>) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signIdentity({ sub: 'tester', roles: ['ADMIN'], name: 'Tester' }, SECRET),
    },
    body: JSON.stringify({
      query: 'mutation ($input: PlanInput!) { plan(input: $input) }',
      variables: { input },
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    },
  };
}

const valid = { title: 'Grid', due: '2026-03-31', price: { amount: '10.00', currency: 'USD' } };

describe('a subgraph refusing bad input (production mode)', () => {
  it('runs the resolver for valid input', async () => {
    const { status, body } = await plan(valid);
    expect(status).toBe(200);
    expect(body.data).toEqual({ plan: 'planned' });
  });

  it.each([
    ['an impossible date', { ...valid, due: '2026-02-30' }, 'input.due'],
    ['a date outside 2000..2100', { ...valid, due: '9999-12-31' }, 'input.due'],
    [
      'an exponent as a Decimal',
      { ...valid, price: { amount: '1e30', currency: 'USD' } },
      'input.price.amount',
    ],
    ['a NUL byte in a title', { ...valid, title: 'Grid\u0000' }, 'input.title'],
    [
      'an amount beyond bigint',
      { ...valid, price: { amount: '99999999999999999999.99', currency: 'USD' } },
      'input.price.amount',
    ],
  ])(
    'answers %s with HTTP 200 and BAD_USER_INPUT naming the field, the resolver untouched',
    async (_, input, field) => {
      const before = calls;
      const { status, body } = await plan(input);
      // A 400 would reach the client as INTERNAL_SERVER_ERROR "400: Bad Request" with this URL.
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }),
      ]);
      expect(body.errors?.[0].extensions.stacktrace).toBeUndefined();
      expect(calls).toBe(before);
    },
  );
});
