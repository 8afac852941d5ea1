import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { Client } from 'pg';
import {
  caller,
  eventually,
  isoDay,
  seedPortfolio,
  startStack,
  type Portfolio,
  type Stack,
} from '@platform/testing';

// Issue 17, "what done looks like": every argument of every mutation of the supergraph the gateway
// runs, with each class of bad input that applies to its type, through the real gateway over the
// four subgraph processes, PostgreSQL and Kafka. Each case must be refused with BAD_USER_INPUT
// (naming the argument path in extensions.field), NOT_FOUND or FORBIDDEN — never
// INTERNAL_SERVER_ERROR, never an internal URL — and afterwards not one row of any table of any
// service database (outbox and inbox included) has changed. The cases are generated from
// apps/gateway/supergraph.graphql, so a new mutation or argument is covered without editing this
// file; the only hand-written knowledge is which quantities may legitimately be zero and which
// entity an id names (by its name), both below.

const supergraph = buildSchema(readFileSync(join(__dirname, '../../gateway/supergraph.graphql'), 'utf8'), {
  assumeValidSDL: true,
});
const mutations = Object.values(supergraph.getMutationType()!.getFields());

/** Quantities where zero is a legitimate value, with the rule that says so. */
const ZERO_ALLOWED = new Set([
  'budgetHours', // a project may start without a budget (createProject)
  'weeklyCapacityHours', // 0–168 (createTeamMember)
  'hoursDelta', // a change order may move only money or dates
  'scheduleDeltaDays',
  'amountDelta',
  'costRate', // rates are ≥ 0: someone may cost or bill nothing (setMemberRate, estimate lines)
  'billRate',
  'price', // an estimate may price the work at 0 (its margin % is then null)
]);

type Entity =
  'member' | 'client' | 'opportunity' | 'engagement' | 'project' | 'milestone' | 'changeOrder' | 'timeEntry';

/** The entity an ID argument names, from its name (and the mutation's, for a bare `id`). */
function entityOf(name: string, mutation: string): Entity | undefined {
  const byName: Record<string, Entity> = {
    memberId: 'member',
    accountManagerId: 'member',
    deliveryOwnerId: 'member',
    clientId: 'client',
    opportunityId: 'opportunity',
    engagementId: 'engagement',
    projectId: 'project',
    milestoneId: 'milestone',
    changeOrderId: 'changeOrder',
  };
  if (byName[name]) return byName[name];
  if (name === 'id' && /TeamMember/.test(mutation)) return 'member';
  if (name === 'id' && /TimeEntry/.test(mutation)) return 'timeEntry';
  return undefined;
}

type Path = Array<string | number>;
interface Case {
  path: Path;
  label: string;
  value: unknown;
}

const LONG_TEXT = /(scope|comment|comments|note|notes|reason|description|summary|lessonslearned|details)$/i;
const SIGNED = /delta|offset/i;

let stack: Stack;
let portfolio: Portfolio;
// ADMIN first; where a person rule refuses ADMIN (FORBIDDEN: "the opportunity owner", "never the
// requester"), the same case again as the seller who owns the opportunity, the engagement's
// delivery owner and finance, so the refusal is the input's and not the caller's.
let tokens: string[];
const ids = {} as Record<Entity, string>;
const seen = {
  cases: 0,
  byCode: {} as Record<string, number>,
  byClass: {} as Record<string, number>,
  /** Refused for the caller by every token: the input itself was never judged. */
  forbidden: [] as string[],
};

function baseline(type: GraphQLInputType, name: string, mutation: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [baseline(inner.ofType as GraphQLInputType, name, mutation)];
  if (isInputObjectType(inner)) {
    if (inner.name === 'MoneyInput') return { amount: '100.00', currency: 'USD' };
    return Object.fromEntries(
      Object.values(inner.getFields()).map((f) => [f.name, baseline(f.type, f.name, mutation)]),
    );
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  switch (inner.name) {
    case 'ID': {
      const entity = entityOf(name, mutation);
      return entity ? ids[entity] : randomUUID();
    }
    case 'String':
      return name === 'email' ? `matrix.${randomUUID().slice(0, 8)}@example.com` : `Valid ${name}`;
    case 'Int':
      return /minutes$/i.test(name) ? 60 : name === 'satisfaction' ? 4 : 5;
    case 'Float':
      return 8;
    case 'Boolean':
      return true;
    case 'Date':
      return isoDay(0);
    case 'Decimal':
      return '100.00';
    default:
      return null;
  }
}

/** Each class of bad input that applies to one argument or input field. */
function badValues(type: GraphQLInputType, name: string, mutation: string): Array<[string, unknown]> {
  const required = isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return required ? [['empty list', []]] : [];
  const named: GraphQLNamedType = getNamedType(inner);
  if (named.name === 'MoneyInput') {
    return [
      ['beyond the column', { amount: '99999999999999999999.99', currency: 'USD' }],
      ['too many decimals', { amount: '10.005', currency: 'USD' }],
      ['lower-case currency', { amount: '10.00', currency: 'usd' }],
      ['unknown currency', { amount: '10.00', currency: 'XYZ' }],
      ['exponent decimal', { amount: '1e30', currency: 'USD' }],
      ['padded decimal', { amount: ' 12', currency: 'USD' }],
      ['NaN decimal', { amount: 'NaN', currency: 'USD' }],
      ['empty decimal', { amount: '', currency: 'USD' }],
      ...(SIGNED.test(name)
        ? []
        : ([['negative', { amount: '-1.00', currency: 'USD' }]] as Array<[string, unknown]>)),
      ...(ZERO_ALLOWED.has(name)
        ? []
        : ([['zero', { amount: '0.00', currency: 'USD' }]] as Array<[string, unknown]>)),
    ];
  }
  switch (named.name) {
    case 'String': {
      const limit = LONG_TEXT.test(name) ? 10_000 : 200;
      return [
        ...(required ? ([['empty', '   ']] as Array<[string, unknown]>) : []),
        ['NUL byte', 'Acme\u0000Corp'],
        ['control characters', 'bell\u0007 and \u001b[31mescape'],
        ['too long', 'x'.repeat(limit + 1)],
      ];
    }
    case 'ID': {
      const entity = entityOf(name, mutation);
      const other = entity === 'member' ? ids.client : ids.member;
      return [
        ['malformed id', 'not-an-id'],
        ['unknown id', randomUUID()],
        ...(entity ? ([['id of another entity type', other]] as Array<[string, unknown]>) : []),
      ];
    }
    case 'Int':
      return [
        ...(SIGNED.test(name) ? [] : ([['negative', -1]] as Array<[string, unknown]>)),
        ...(ZERO_ALLOWED.has(name) ? [] : ([['zero', 0]] as Array<[string, unknown]>)),
        ['too large', 2_147_483_647],
      ];
    case 'Float':
      return [
        ...(SIGNED.test(name) ? [] : ([['negative', -1]] as Array<[string, unknown]>)),
        ...(ZERO_ALLOWED.has(name) ? [] : ([['zero', 0]] as Array<[string, unknown]>)),
        ['too large (1e9)', 1e9],
        ['too large (1e308)', 1e308],
      ];
    case 'Date':
      return [
        ['impossible date 2026-02-30', '2026-02-30'],
        ['impossible date 2026-13-01', '2026-13-01'],
        ['impossible date 0000-01-01', '0000-01-01'],
        ['date before the window', '1999-12-31'],
        ['date after the window', '2101-01-01'],
      ];
    default:
      return [];
  }
}

/** Every argument and input field of a mutation (MoneyInput as one value), with its bad values. */
function casesOf(field: GraphQLField<unknown, unknown>): Case[] {
  const cases: Case[] = [];
  const visit = (type: GraphQLInputType, name: string, path: Path) => {
    for (const [label, value] of badValues(type, name, field.name)) cases.push({ path, label, value });
    const inner = getNamedType(type);
    if (isInputObjectType(inner) && inner.name !== 'MoneyInput') {
      const list = isListType(isNonNullType(type) ? type.ofType : type);
      for (const f of Object.values(inner.getFields()))
        visit(f.type, f.name, [...path, ...(list ? [0] : []), f.name]);
    }
  };
  for (const arg of field.args) visit(arg.type, arg.name, [arg.name]);
  return cases;
}

const pathText = (path: Path) => path.join('.');

function setAt(target: Record<string, unknown>, path: Path, value: unknown) {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function operationOf(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = 'getFields' in named ? ' { __typename }' : '';
  return `mutation Matrix(${vars}) { ${field.name}(${args})${selection} }`;
}

/** Rows of every table of every service database, keyed "service.table". */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [service, url] of Object.entries(stack.databaseUrls)) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      const sql = tables.rows
        .map((t) => `SELECT '${t.name}' AS name, count(*)::int AS n FROM "${t.name}"`)
        .join(' UNION ALL ');
      for (const row of (await client.query<{ name: string; n: number }>(sql)).rows)
        counts[`${service}.${row.name}`] = row.n;
    } finally {
      await client.end();
    }
  }
  return counts;
}

/** Row counts once nothing moves for two seconds (events of the seeding all applied). */
async function settledCounts(): Promise<Record<string, number>> {
  let last = JSON.stringify(await rowCounts());
  return eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 2_000));
      const now = await rowCounts();
      const same = JSON.stringify(now) === last;
      last = JSON.stringify(now);
      return same ? now : undefined;
    },
    120_000,
    10,
  );
}

let before: Record<string, number>;

beforeAll(async () => {
  stack = await startStack();
  portfolio = await seedPortfolio(stack, { engagements: 1, timeEntriesPerEngagement: 1, clients: 1 });
  const call = caller(stack);
  const engagement = portfolio.engagements[0];
  const owner = portfolio.members.find((m) => m.id === engagement.deliveryOwnerId)!;
  tokens = [portfolio.adminToken, portfolio.sellers[0].token, owner.token, portfolio.finance.token];
  Object.assign(ids, {
    member: portfolio.engineers[0].id,
    client: engagement.clientId,
    engagement: engagement.id,
    project: engagement.projectId,
  });
  // An opportunity of its own (the seeded one is already won), a change order, a milestone, an entry.
  const { createOpportunity } = await call<{ createOpportunity: { id: string } }>(
    portfolio.sellers[0].token,
    'mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }',
    { input: { clientId: engagement.clientId, title: 'Matrix opportunity', pricingModel: 'FIXED_FEE' } },
  );
  ids.opportunity = createOpportunity.id;
  const { requestChangeOrder } = await call<{ requestChangeOrder: { id: string } }>(
    portfolio.sellers[0].token,
    'mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }',
    {
      input: {
        engagementId: engagement.id,
        description: 'Two more reports',
        amountDelta: { amount: '1000.00', currency: 'USD' },
        hoursDelta: 8,
        scheduleDeltaDays: 3,
      },
    },
  );
  ids.changeOrder = requestChangeOrder.id;
  const project = await call<{
    project: { milestones: Array<{ id: string }>; timeEntries: Array<{ id: string }> };
  }>(portfolio.adminToken, 'query ($id: ID!) { project(id: $id) { milestones { id } timeEntries { id } } }', {
    id: engagement.projectId,
  });
  ids.milestone = project.project.milestones[0].id;
  ids.timeEntry = project.project.timeEntries[0].id;
  before = await settledCounts();
}, 300_000);

afterAll(async () => {
  // Printed for the note: how many cases ran, by class and by answer.
  console.log(
    `bad-input matrix: ${seen.cases} cases over ${mutations.length} mutations\n${JSON.stringify(seen, null, 1)}`,
  );
  await stack?.stop();
});

describe('bad-input matrix through the gateway, generated from the supergraph', () => {
  it.each(mutations.map((m) => [m.name, m] as const))(
    '%s refuses every bad value of every argument with BAD_USER_INPUT (field), NOT_FOUND or FORBIDDEN',
    async (_, field) => {
      const cases = casesOf(field);
      const query = operationOf(field);
      const wrong: string[] = [];
      for (const c of cases) {
        const variables = Object.fromEntries(
          field.args.map((a) => [a.name, baseline(a.type, a.name, field.name)]),
        );
        setAt(variables, c.path, c.value);
        let body = await stack.query(tokens[0], query, variables);
        for (const token of tokens.slice(1)) {
          if (body.errors?.[0]?.extensions?.code !== 'FORBIDDEN') break;
          body = await stack.query(token, query, variables);
        }
        const error = body.errors?.[0];
        const code = String(error?.extensions?.code ?? 'none');
        const where = pathText(c.path);
        seen.cases += 1;
        seen.byCode[code] = (seen.byCode[code] ?? 0) + 1;
        seen.byClass[c.label] = (seen.byClass[c.label] ?? 0) + 1;
        const fieldName = error?.extensions?.field;
        const problem = !error
          ? 'was accepted'
          : !['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'].includes(code)
            ? `answered ${code}: ${error.message.slice(0, 160)}`
            : /https?:\/\//.test(JSON.stringify(body.errors))
              ? 'showed an internal URL'
              : code === 'BAD_USER_INPUT' &&
                  !(
                    typeof fieldName === 'string' &&
                    (fieldName === where || fieldName.startsWith(`${where}.`))
                  )
                ? `named field ${String(fieldName)}`
                : undefined;
        if (problem) wrong.push(`${field.name} ${where} (${c.label}) ${problem}`);
        else if (code === 'FORBIDDEN') seen.forbidden.push(`${field.name} ${where} (${c.label})`);
      }
      expect(cases.length).toBeGreaterThan(0);
      expect(wrong).toEqual([]);
    },
    180_000,
  );

  it('wrote nothing: every table of every service database, outbox included, has the rows it had', async () => {
    expect(seen.cases).toBeGreaterThan(0);
    const after = await settledCounts();
    expect(after).toEqual(before);
    expect(Object.keys(after).filter((t) => t.endsWith('.outbox')).length).toBe(4);
  }, 180_000);
});
