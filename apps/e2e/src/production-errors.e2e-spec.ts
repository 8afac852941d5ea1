import { createHash, randomUUID } from 'node:crypto';
import { devToken, startStack, type Stack } from '@platform/testing';

// The whole platform started as production runs it (NODE_ENV=production in the gateway and in
// every subgraph), provoked with each kind of error a client can cause or meet. No answer may
// carry SQL, a stack trace or an internal URL; the client's mistakes keep their own codes.

const JWT_SECRET = 'production-errors-jwt-secret-0123456789';
const ADMIN_ID = '00000000-0000-4000-8000-0000000e0a01';
const MEMBER_ID = '00000000-0000-4000-8000-0000000e0a02';

/** What must never reach a client in production. */
const LEAKS =
  /stacktrace|\n\s+at |\.ts:\d|node_modules|SELECT |INSERT |UPDATE |invalid input syntax|invalid byte sequence|relation "|127\.0\.0\.1|localhost|ECONNREFUSED|https?:\/\//i;

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

let stack: Stack;
let admin: string;
let member: string;

async function send(body: string, token?: string): Promise<Answer> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}
const ask = (token: string | undefined, query: string, variables?: Record<string, unknown>) =>
  send(JSON.stringify({ query, variables }), token);

function expectNoLeak(answer: Answer): void {
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  expect(answer.text).not.toMatch(LEAKS);
}

beforeAll(async () => {
  stack = await startStack({
    env: { NODE_ENV: 'production' },
    gatewayEnv: { NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET },
  });
  admin = await stack.token(ADMIN_ID, ['ADMIN'], 'Admin');
  member = await stack.token(MEMBER_ID, ['MEMBER'], 'Member');
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('errors in production: exact codes, and no SQL, stack trace or internal URL', () => {
  it('authentication: no token, a subject that is not a UUID → 401 UNAUTHENTICATED', async () => {
    const notUuid = await devToken({ sub: 'admin', roles: ['ADMIN'], secret: JWT_SECRET });
    for (const token of [undefined, notUuid]) {
      const answer = await ask(token, '{ clients { id } }');
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expectNoLeak(answer);
    }
  });

  it('a bad Date, literal or variable → 400 BAD_USER_INPUT with the field, before any subgraph', async () => {
    const literal = await ask(
      admin,
      '{ handoffReport(from: "2026-02-30", to: "2026-03-31") { __typename } }',
    );
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expectNoLeak(literal);
    const variable = await ask(
      admin,
      'query ($from: Date!, $to: Date!) { handoffReport(from: $from, to: $to) { __typename } }',
      { from: '2026-01-01', to: '2026-13-01' },
    );
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expectNoLeak(variable);
  });

  it('a field the schema does not have → GRAPHQL_VALIDATION_FAILED without suggestions', async () => {
    const answer = await ask(admin, '{ clients { nam } }');
    expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.text).not.toMatch(/Did you mean/);
    expectNoLeak(answer);
  });

  it('a query over the cost budget → QUERY_TOO_COSTLY', async () => {
    const answer = await ask(admin, '{ engagements(first: 100000) { edges { node { id } } } }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.reason).toBe('QUERY_TOO_COSTLY');
    expectNoLeak(answer);
  });

  it('protocol mistakes: APQ hash mismatch, unknown operationName, body that is not JSON → 400', async () => {
    const query = '{ clients { id } }';
    const apq = await send(
      JSON.stringify({
        query,
        extensions: {
          persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('x').digest('hex') },
        },
      }),
      admin,
    );
    expect(apq.status).toBe(400);
    expect(apq.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    expectNoLeak(apq);
    const unknown = await send(
      JSON.stringify({ query: 'query A { clients { id } }', operationName: 'B' }),
      admin,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expectNoLeak(unknown);
    const notJson = await send('{"query": ', admin);
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expectNoLeak(notJson);
  });

  it('a subgraph refusing the caller → FORBIDDEN, with no figure and no internals', async () => {
    const answer = await ask(member, 'mutation { createClient(input: { name: "Acme" }) { id } }');
    expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expectNoLeak(answer);
  });

  it('input the database refuses or an id of nothing: whatever the code, no SQL reaches the client', async () => {
    const nul = await ask(
      admin,
      'mutation ($name: String!) { createClient(input: { name: $name }) { id } }',
      {
        name: 'Acme\u0000Corp',
      },
    );
    expectNoLeak(nul);
    const malformed = await ask(admin, '{ client(id: "not-a-uuid") { id } }');
    if (malformed.body.errors) expectNoLeak(malformed);
    else expect(malformed.body.data).toEqual({ client: null });
    const unknown = await ask(
      admin,
      `mutation { decideChangeOrder(changeOrderId: "${randomUUID()}", approve: true) { id } }`,
    );
    expectNoLeak(unknown);
    expect(unknown.body.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  // Last: it stops a subgraph.
  it('a subgraph that is down → an error without its address', async () => {
    const accounting = stack.processes.find((p) => p.name === 'accounting')!;
    await accounting.stop();
    const answer = await ask(admin, `{ invoices(engagementId: "${randomUUID()}") { id } }`);
    expectNoLeak(answer);
    const csv = await fetch(new URL('/reports/profitability.csv', stack.gatewayOrigin), {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.status).toBeGreaterThanOrEqual(500);
    expect(await csv.text()).not.toMatch(LEAKS);
  });
});
