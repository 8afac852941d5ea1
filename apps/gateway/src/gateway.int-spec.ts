import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { createHash } from 'node:crypto';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import {
  IDENTITY_HEADER,
  loadTypeDefs,
  signIdentity,
  startSubgraphServer,
  type RequestContext,
  type RunningSubgraph,
} from '@platform/graphql-kit';
import { createLogger, createMetrics } from '@platform/observability';
import { postGraphQL, devToken, eventually } from '@platform/testing';
import { loadGatewayConfig } from './config';
import { startGateway, type RunningGateway } from './gateway';

const SECRET = 'gateway-test-signing-secret-0123456789';
const JWT_SECRET = 'gateway-test-jwt-secret-0123456789';
const schemaPath = join(__dirname, 'testing/probe-subgraph.graphql');

// Counts resolver calls so that a limit test can prove it refused the request before any ran.
let resolverCalls = 0;
// Slow requests the probe has started: the shutdown test stops the gateway while one is in flight.
let slowStarted = 0;
const resolvers = {
  Query: {
    whoami: (_: unknown, __: unknown, ctx: RequestContext) => {
      resolverCalls += 1;
      return ctx.identity;
    },
    items: (_: unknown, args: { first?: number }) => {
      resolverCalls += 1;
      return Array.from({ length: args.first ?? 2 }, (_x, i) => ({ id: String(i) }));
    },
    itemPage: (_: unknown, args: { first: number }) => {
      resolverCalls += 1;
      return {
        nodes: Array.from({ length: args.first }, (_x, i) => ({ id: String(i) })),
        totalCount: args.first,
      };
    },
    slow: async (_: unknown, args: { ms: number }) => {
      slowStarted += 1;
      await new Promise((r) => setTimeout(r, args.ms));
      return 'late';
    },
    echo: (_: unknown, args: Record<string, unknown>) => {
      resolverCalls += 1;
      return JSON.stringify(args);
    },
    fail: () => {
      resolverCalls += 1;
      throw new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
    },
  },
  Even: new GraphQLScalarType({
    name: 'Even',
    parseValue: (v) => {
      if (typeof v !== 'number' || v % 2 !== 0)
        throw new GraphQLError('Even cannot represent an odd number', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      return v;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.INT || Number(ast.value) % 2 !== 0)
        throw new GraphQLError('Even cannot represent an odd number', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      return Number(ast.value);
    },
  }),
  Item: {
    children: (_: unknown, args: { first?: number }) =>
      Array.from({ length: args.first ?? 1 }, (_x, i) => ({ id: `c${i}` })),
  },
};

async function startProbe(): Promise<RunningSubgraph> {
  return startSubgraphServer({
    name: 'probe',
    schemaPath,
    resolvers,
    host: '127.0.0.1',
    port: 0,
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    production: false,
    signingSecret: SECRET,
    signatureMaxAgeSeconds: 60,
    logger: createLogger('probe', 'silent'),
    metrics: createMetrics('probe', false),
    readiness: [],
    buildContext: (base) => base,
  });
}

function supergraphFor(url: string): string {
  const result = composeServices([{ name: 'probe', url, typeDefs: loadTypeDefs(schemaPath) }]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

async function startTestGateway(
  probe: RunningSubgraph,
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const config = loadGatewayConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    METRICS_PORT: '0',
    AUTH_JWT_SECRET: JWT_SECRET,
    GATEWAY_SIGNING_SECRET: SECRET,
    ...env,
  });
  return startGateway(config, { supergraphSdl: supergraphFor(probe.url) });
}

const MEMBER_ID = '00000000-0000-4000-8000-00000000e001';
const SELLER_ID = '00000000-0000-4000-8000-00000000e007';
const FINANCE_ID = '00000000-0000-4000-8000-00000000e00f';
const token = (roles = ['MEMBER'], sub = MEMBER_ID) => devToken({ sub, roles, secret: JWT_SECRET });
const post = (
  gateway: RunningGateway,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
) => postGraphQL<Record<string, unknown>>(gateway.url, query, variables, headers);

describe('gateway', () => {
  let probe: RunningSubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    probe = await startProbe();
    gateway = await startTestGateway(probe, {
      MAX_DEPTH: '4',
      MAX_ALIASES: '3',
      MAX_COST: '200',
      MAX_BODY_BYTES: '2000',
      SUBGRAPH_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await probe?.stop();
  });
  beforeEach(() => {
    resolverCalls = 0;
  });

  describe('authentication', () => {
    it('answers health checks without a token', async () => {
      const response = await fetch(gateway.url.replace('/graphql', '/health'));
      expect(response.status).toBe(200);
    });

    it('refuses a request without a bearer token with UNAUTHENTICATED', async () => {
      const body = await post(gateway, '{ whoami { sub } }', {});
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(resolverCalls).toBe(0);
    });

    it('refuses a token signed with another secret and an expired token', async () => {
      const forged = await devToken({ sub: 'x', roles: ['ADMIN'], secret: 'some-other-secret-0123456789' });
      const expired = await devToken({ sub: 'x', roles: ['ADMIN'], secret: JWT_SECRET, ttl: '-1m' });
      for (const t of [forged, expired, 'not-a-jwt']) {
        const body = await post(gateway, '{ whoami { sub } }', { authorization: `Bearer ${t}` });
        expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect(resolverCalls).toBe(0);
    });

    // A subject that is not a UUID used to reach engagement's uuid columns: "invalid input syntax for type uuid".
    it('refuses a token whose subject is not a UUID, or that has no exp, with UNAUTHENTICATED', async () => {
      const notUuid = await devToken({ sub: 'member-1', roles: ['ADMIN'], secret: JWT_SECRET });
      const noExp = await new SignJWT({ roles: ['ADMIN'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(MEMBER_ID)
        .setIssuedAt()
        .sign(new TextEncoder().encode(JWT_SECRET));
      for (const t of [notUuid, noExp]) {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
          body: JSON.stringify({ query: '{ whoami { sub } }' }),
        });
        expect(response.status).toBe(401);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      expect(resolverCalls).toBe(0);
    });

    it('forwards the verified claims, never identity headers sent by the client', async () => {
      const forgedIdentity = signIdentity({ sub: 'attacker', roles: ['ADMIN'], name: 'x' }, 'guess');
      const body = await post(gateway, '{ whoami { sub roles name } }', {
        authorization: `Bearer ${await token(['SALES'], SELLER_ID)}`,
        [IDENTITY_HEADER]: forgedIdentity,
      });
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ whoami: { sub: SELLER_ID, roles: ['SALES'], name: SELLER_ID } });
    });

    it('accepts tokens from the production JWKS with issuer and audience checked', async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      const jwks: Server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
      const gw = await startTestGateway(probe, {
        AUTH_JWKS_URL: jwksUrl,
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'engagement-platform',
      });
      const sign = (audience: string) =>
        new SignJWT({ roles: ['FINANCE'], name: 'Fin' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(FINANCE_ID)
          .setIssuer('https://idp.example')
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      try {
        const ok = await post(gw, '{ whoami { sub roles } }', {
          authorization: `Bearer ${await sign('engagement-platform')}`,
        });
        expect(ok.data).toEqual({ whoami: { sub: FINANCE_ID, roles: ['FINANCE'] } });
        const wrongAudience = await post(gw, '{ whoami { sub } }', {
          authorization: `Bearer ${await sign('someone-else')}`,
        });
        expect(wrongAudience.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      } finally {
        await gw.stop();
        jwks.close();
      }
    });
  });

  describe('metrics', () => {
    // /metrics used to answer on the API port: anyone who could reach the gateway read its figures.
    it('serves /metrics only on the metrics port, for the gateway and for a subgraph', async () => {
      for (const [api, metricsUrl] of [
        [gateway.url, gateway.metricsUrl],
        [probe.url, probe.metricsUrl],
      ]) {
        expect(new URL(metricsUrl).port).not.toBe(new URL(api).port);
        expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
        const onApi = await fetch(new URL('/metrics', api));
        expect(onApi.status).not.toBe(200);
        expect(await onApi.text()).not.toContain('graphql_request_duration_seconds');
        const scraped = await fetch(metricsUrl);
        expect(scraped.status).toBe(200);
        expect(await scraped.text()).toContain('graphql_request_duration_seconds');
        expect((await fetch(new URL('/graphql', metricsUrl))).status).toBe(404);
      }
    });
  });

  describe('subgraph trust', () => {
    const direct = (headers: Record<string, string>, query = '{ whoami { sub } }') =>
      fetch(probe.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });

    it('answers 401 to a request that did not come through the gateway', async () => {
      expect((await direct({})).status).toBe(401);
      expect(
        (
          await direct({
            [IDENTITY_HEADER]: signIdentity({ sub: 'x', roles: ['ADMIN'], name: 'x' }, 'wrong-secret'),
          })
        ).status,
      ).toBe(401);
      expect(resolverCalls).toBe(0);
    });

    it('answers 401 to _service and _entities without a gateway signature', async () => {
      expect((await direct({}, '{ _service { sdl } }')).status).toBe(401);
      expect(
        (await direct({}, '{ _entities(representations: [{__typename: "Item", id: "1"}]) { __typename } }'))
          .status,
      ).toBe(401);
    });

    it('refuses an expired gateway signature (replay)', async () => {
      const old = signIdentity({ sub: 'x', roles: ['ADMIN'], name: 'x' }, SECRET, Date.now() - 5 * 60_000);
      expect((await direct({ [IDENTITY_HEADER]: old })).status).toBe(401);
    });

    it('accepts a valid gateway signature', async () => {
      const response = await direct({
        [IDENTITY_HEADER]: signIdentity({ sub: 'x', roles: ['MEMBER'], name: 'x' }, SECRET),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { whoami: { sub: 'x' } } });
    });
  });

  describe('limits refuse a request before any resolver runs', () => {
    let auth: Record<string, string>;
    beforeAll(async () => {
      auth = { authorization: `Bearer ${await token()}` };
    });

    it('refuses a query deeper than MAX_DEPTH', async () => {
      const body = await post(
        gateway,
        '{ items(first: 1) { children(first: 1) { children(first: 1) { children(first: 1) { id } } } } }',
        auth,
      );
      expect(body.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'QUERY_TOO_DEEP',
      });
      expect(resolverCalls).toBe(0);
    });

    it('refuses more aliases than MAX_ALIASES, also through fragments', async () => {
      const body = await post(
        gateway,
        '{ ...F } fragment F on Query { a: whoami { sub } b: whoami { sub } c: whoami { sub } d: whoami { sub } }',
        auth,
      );
      expect(body.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'TOO_MANY_ALIASES',
      });
      expect(resolverCalls).toBe(0);
    });

    it('refuses a query whose cost, counting list sizes, exceeds MAX_COST', async () => {
      const body = await post(gateway, '{ items(first: 50) { children(first: 10) { id } } }', auth);
      expect(body.errors?.[0].extensions).toMatchObject({
        reason: 'QUERY_TOO_COSTLY',
        cost: 551,
        limit: 200,
      });
      expect(resolverCalls).toBe(0);
    });

    // Validation rules never see variables: before the cost was checked with them, `first: $n` was
    // costed at DEFAULT_LIST_SIZE whatever n the request asked for.
    it('costs a list size given as a variable at its value, on every request for the same document', async () => {
      const query = 'query ($n: Int) { items(first: $n) { children(first: 10) { id } } }';
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query, variables: { n: 5000 } }),
      });
      // 400, as for any other validation error: the client asked too much, the server did not fail.
      expect(response.status).toBe(400);
      const refused = (await response.json()) as Awaited<ReturnType<typeof post>>;
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'QUERY_TOO_COSTLY',
        cost: 55_001,
        limit: 200,
      });
      expect(refused.data).toBeUndefined();
      expect(resolverCalls).toBe(0);

      const allowed = await post(gateway, query, auth, { n: 2 });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data?.items).toHaveLength(2);
      expect(resolverCalls).toBe(1);

      // Apollo now has the document validated and cached; the cost is still checked with n.
      const again = await post(gateway, query, auth, { n: 5000 });
      expect(again.errors?.[0].extensions?.reason).toBe('QUERY_TOO_COSTLY');
      expect(resolverCalls).toBe(1);
    });

    it("costs a variable the request leaves out at the operation's default", async () => {
      const query = 'query ($n: Int = 50) { items(first: $n) { children(first: 10) { id } } }';
      const refused = await post(gateway, query, auth);
      expect(refused.errors?.[0].extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY', cost: 551 });
      expect(resolverCalls).toBe(0);

      const allowed = await post(gateway, query, auth, { n: 2 });
      expect(allowed.errors).toBeUndefined();
      expect(resolverCalls).toBe(1);
    });

    // A connection is not a list: its size used to be ignored, and `edges` costed at
    // DEFAULT_LIST_SIZE however many the client asked for.
    it('costs the lists inside a connection at the size asked of the connection', async () => {
      const refused = await post(gateway, '{ itemPage(first: 100000) { nodes { id } totalCount } }', auth);
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'QUERY_TOO_COSTLY',
        cost: 100_003,
        limit: 200,
      });
      expect(resolverCalls).toBe(0);

      const allowed = await post(gateway, '{ itemPage(first: 2) { nodes { id } totalCount } }', auth);
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data?.itemPage).toMatchObject({ nodes: [{ id: '0' }, { id: '1' }] });
      expect(resolverCalls).toBe(1);
    });

    it('refuses batched HTTP operations', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify([{ query: '{ whoami { sub } }' }, { query: '{ whoami { sub } }' }]),
      });
      expect(response.status).toBe(400);
      expect(resolverCalls).toBe(0);
    });

    it('refuses a body larger than MAX_BODY_BYTES', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: `{ whoami { sub } } # ${'x'.repeat(3000)}` }),
      });
      expect(response.status).toBe(413);
      expect(resolverCalls).toBe(0);
    });

    it('refuses a simple (CSRF-able) GET request without a preflight header', async () => {
      const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ whoami { sub } }')}`, {
        headers: auth,
      });
      expect(response.status).toBe(400);
      expect(resolverCalls).toBe(0);
    });

    it('gives up on a subgraph slower than SUBGRAPH_TIMEOUT_MS', async () => {
      const body = await post(gateway, '{ slow(ms: 3000) }', auth);
      expect(body.data?.slow ?? null).toBeNull();
      expect(JSON.stringify(body.errors)).toMatch(/abort|timeout/i);
    });

    it('allows a query within every limit', async () => {
      const body = await post(gateway, '{ items(first: 2) { id children(first: 2) { id } } }', auth);
      expect(body.errors).toBeUndefined();
      expect(resolverCalls).toBe(1);
    });
  });

  describe('bad input is refused at the gateway, as the client mistake it is', () => {
    let auth: Record<string, string>;
    beforeAll(async () => {
      auth = { authorization: `Bearer ${await token()}` };
    });
    const raw = (body: unknown) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(body),
      });
    type Answer = { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };

    // Each of these used to reach the probe, whose scalar refused it: the gateway answered
    // INTERNAL_SERVER_ERROR "400: Bad Request" with the subgraph's URL in extensions.response.
    const badVariables: [string, Record<string, unknown>, string][] = [
      ['query ($d: Date) { echo(on: $d) }', { d: '2026-02-30' }, 'd'],
      ['query ($d: Date) { echo(on: $d) }', { d: '2026-13-01' }, 'd'],
      ['query ($d: Date) { echo(on: $d) }', { d: '' }, 'd'],
      ['query ($a: Decimal) { echo(amount: $a) }', { a: '1e30' }, 'a'],
      ['query ($a: Decimal) { echo(amount: $a) }', { a: ' 12' }, 'a'],
      ['query ($a: Decimal) { echo(amount: $a) }', { a: 'NaN' }, 'a'],
      ['query ($a: Decimal) { echo(amount: $a) }', { a: 12.5 }, 'a'],
      ['query ($i: EchoInput) { echo(input: $i) }', { i: { at: '2026-03-31 09:00' } }, 'i.at'],
      [
        'query ($i: EchoInput) { echo(input: $i) }',
        { i: { lines: [{ amount: '1.00' }, { amount: '1.00', on: '2026-02-29' }] } },
        'i.lines.1.on',
      ],
    ];
    it.each(badVariables)(
      'refuses %s with %j as BAD_USER_INPUT naming %s',
      async (query, variables, field) => {
        const response = await raw({ query, variables });
        expect(response.status).toBe(400);
        const body = (await response.json()) as Answer;
        expect(body.errors).toHaveLength(1);
        expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(JSON.stringify(body)).not.toContain(probe.url.replace('/graphql', ''));
        expect(resolverCalls).toBe(0);
      },
    );

    const badLiterals: [string, string][] = [
      ['{ echo(on: "0000-01-01") }', 'on'],
      ['{ echo(amount: "1e30") }', 'amount'],
      ['{ echo(input: { lines: [{ amount: "1.00" }, { amount: "x" }] }) }', 'input.lines.1.amount'],
      ['{ echo(input: { from: "2026-02-30" }) }', 'input.from'],
    ];
    it.each(badLiterals)('refuses the literal in %s as BAD_USER_INPUT naming %s', async (query, field) => {
      const response = await raw({ query });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Answer;
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(resolverCalls).toBe(0);
    });

    it('passes valid dates, date-times and decimals through unchanged', async () => {
      const body = await post(
        gateway,
        'query ($i: EchoInput) { echo(on: "2024-02-29", amount: "-0.50", input: $i) }',
        auth,
        {
          i: { at: '2026-03-31T09:00:00Z', lines: [{ amount: '1234.50', on: '2026-12-31' }] },
        },
      );
      expect(body.errors).toBeUndefined();
      expect(JSON.parse(body.data?.echo as string)).toEqual({
        on: '2024-02-29',
        amount: '-0.50',
        input: { at: '2026-03-31T09:00:00.000Z', lines: [{ amount: '1234.50', on: '2026-12-31' }] },
      });
    });

    it("answers a subgraph's own refusal with the subgraph's code, not INTERNAL_SERVER_ERROR", async () => {
      // Even is the probe's own scalar: the gateway cannot know it, the probe answers 400.
      for (const request of [
        { query: '{ echo(even: 3) }' },
        { query: 'query ($e: Even) { echo(even: $e) }', variables: { e: 3 } },
      ]) {
        const body = (await (await raw(request)).json()) as Answer;
        expect(body.errors?.[0].extensions?.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
        expect(body.errors?.[0].message).toMatch(/Even cannot represent an odd number/);
        expect(JSON.stringify(body)).not.toMatch(/400: Bad Request|INTERNAL_SERVER_ERROR|127\.0\.0\.1/);
      }
      expect(resolverCalls).toBe(0);
    });

    it('answers an APQ hash that does not match its query with 400 PERSISTED_QUERY_HASH_MISMATCH', async () => {
      const query = '{ whoami { sub } }';
      const response = await raw({
        query,
        extensions: {
          persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('other').digest('hex') },
        },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Answer;
      expect(body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      expect(resolverCalls).toBe(0);
      // The right hash is accepted.
      const ok = await raw({
        query,
        extensions: {
          persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
        },
      });
      expect(ok.status).toBe(200);
      // The same over GET (with the CSRF preflight header Apollo asks for).
      resolverCalls = 0;
      const params = new URLSearchParams({
        query,
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }),
      });
      const overGet = await fetch(`${gateway.url}?${params}`, {
        headers: { ...auth, 'apollo-require-preflight': 'true' },
      });
      expect(overGet.status).toBe(400);
      expect(((await overGet.json()) as Answer).errors?.[0].extensions?.code).toBe(
        'PERSISTED_QUERY_HASH_MISMATCH',
      );
      expect(resolverCalls).toBe(0);
    });

    it('answers an unknown operationName with 400 BAD_REQUEST, not 500', async () => {
      const response = await raw({
        query: 'query A { whoami { sub } } query B { whoami { name } }',
        operationName: 'C',
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Answer;
      expect(body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
      expect(body.errors?.[0].message).toMatch(/Unknown operation named "C"/);
      const missing = await raw({ query: 'query A { whoami { sub } } query B { whoami { name } }' });
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as Answer).errors?.[0].extensions?.code).toBe('BAD_REQUEST');
      expect(resolverCalls).toBe(0);
    });
  });

  describe('in production', () => {
    let prod: RunningGateway;
    let auth: Record<string, string>;
    beforeAll(async () => {
      prod = await startTestGateway(probe, { NODE_ENV: 'production' });
      auth = { authorization: `Bearer ${await token()}` };
    });
    afterAll(() => prod.stop());

    it('turns introspection off', async () => {
      const body = await post(prod, '{ __schema { types { name } } }', auth);
      expect(body.errors?.[0].message).toMatch(/introspection/i);
    });

    it('hides field suggestions', async () => {
      const body = await post(prod, '{ whoam { sub } }', auth);
      expect(body.errors?.[0].message).not.toMatch(/Did you mean/);
    });

    it('masks unexpected errors: no stack, no SQL', async () => {
      const body = await post(prod, '{ fail }', auth);
      const text = JSON.stringify(body.errors);
      expect(text).not.toMatch(/secret_table|SELECT|stacktrace/);
    });

    it('refuses the development secrets', () => {
      expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
      expect(() =>
        loadGatewayConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length' }),
      ).toThrow(/GATEWAY_SIGNING_SECRET/);
    });
  });

  // Issue 18, health for orchestrators: like a subgraph, the gateway reports not ready as soon as
  // it is told to stop (runMain-style stopOnSignals calls stop() on SIGTERM), keeps serving for
  // SHUTDOWN_DRAIN_MS, and closes only after the requests in flight have been answered.
  describe('graceful shutdown', () => {
    it('answers /ready 503 from the stop signal on, while a request in flight completes', async () => {
      const gw = await startTestGateway(probe, { SHUTDOWN_DRAIN_MS: '300' });
      const ready = async () => {
        const response = await fetch(gw.url.replace('/graphql', '/ready'));
        return {
          status: response.status,
          body: (await response.json()) as { checks: Record<string, string> },
        };
      };
      expect((await ready()).status).toBe(200);
      slowStarted = 0;
      // 1.5 s: longer than the drain, so the server closes while it is still in flight.
      const inFlight = post(gw, '{ slow(ms: 1500) }', { authorization: `Bearer ${await token()}` });
      await eventually(async () => slowStarted === 1);
      const stopping = gw.stop();
      expect(gw.draining()).toBe(true);
      const draining = await ready();
      expect(draining.status).toBe(503);
      expect(draining.body.checks.shutdown).toBe('draining: shutting down');
      expect(await inFlight).toEqual({ data: { slow: 'late' } });
      await stopping;
      await expect(fetch(gw.url.replace('/graphql', '/ready'))).rejects.toThrow();
    });
  });
});
