import { buildSchema, graphql } from 'graphql';
import { formatError } from './errors';
import { applyInputPolicy } from './input-policy';
import { scalarResolvers } from './scalars';

// A schema shaped like the subgraphs': the policy knows nothing of it but its types and names.
const schema = applyInputPolicy(
  buildSchema(`
    scalar Date
    scalar Decimal
    input MoneyInput { amount: Decimal! currency: String! }
    input LineInput { role: String! hours: Float! rate: MoneyInput! }
    input ChangeInput {
      engagementId: ID!
      description: String!
      amountDelta: MoneyInput!
      hoursDelta: Float!
      scheduleDeltaDays: Int!
    }
    input PlanInput { title: String! note: String lines: [LineInput!]! price: MoneyInput due: Date }
    type Query { ok: Boolean }
    type Mutation {
      plan(input: PlanInput!): String
      change(input: ChangeInput!): String
      log(minutes: Int!, billingPercent: Float): String
      rename(id: ID!, name: String): String
    }
  `),
);
for (const [name, scalar] of Object.entries(scalarResolvers)) {
  const type = schema.getType(name);
  if (type && 'parseValue' in type)
    Object.assign(type, { parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
}

const received: unknown[] = [];
const rootValue = {
  plan: (args: unknown) => (received.push(args), 'done'),
  change: (args: unknown) => (received.push(args), 'done'),
  log: (args: unknown) => (received.push(args), 'done'),
  rename: (args: unknown) => (received.push(args), 'done'),
};
// The policy wraps the field resolvers; a root value is a resolver only through the default one.
const mutation = schema.getMutationType()!.getFields();
for (const field of Object.values(mutation)) {
  const wrapped = field.resolve!;
  field.resolve = (_source, args, context, info) => wrapped(rootValue, args, context, info);
}

const UUID = '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const plan = (change: Record<string, unknown> = {}) => ({
  title: 'Grid modernisation',
  lines: [
    { role: 'Engineer', hours: 10, rate: usd('80.00') },
    { role: 'Lead', hours: 5, rate: usd('90.00') },
  ],
  ...change,
});
const coChange = (change: Record<string, unknown> = {}) => ({
  engagementId: UUID,
  description: 'More screens',
  amountDelta: usd('1000.00'),
  hoursDelta: 10,
  scheduleDeltaDays: 5,
  ...change,
});

async function run(source: string, variableValues: Record<string, unknown>) {
  received.length = 0;
  const result = await graphql({ schema, source, variableValues });
  const errors = (result.errors ?? []).map((e) => formatError(false)(e.toJSON(), e).extensions);
  return { errors, received: [...received] };
}
const runPlan = (input: Record<string, unknown>) =>
  run('mutation ($input: PlanInput!) { plan(input: $input) }', { input });
const runChange = (input: Record<string, unknown>) =>
  run('mutation ($input: ChangeInput!) { change(input: $input) }', { input });

describe('the input policy every subgraph applies before its resolvers', () => {
  it('hands the resolver NFC-normalised, trimmed text', async () => {
    const result = await runPlan(plan({ title: '  Cafe\u0301 refit  ', note: ' line one\r\nline two ' }));
    expect(result.errors).toEqual([]);
    expect(result.received).toEqual([
      { input: expect.objectContaining({ title: 'Caf\u00e9 refit', note: 'line one\nline two' }) },
    ]);
  });

  it.each([
    ['a NUL byte in a title', plan({ title: 'Grid\u0000' }), 'input.title'],
    [
      'an escape sequence in a role',
      plan({ lines: [{ role: '\u001b[2J', hours: 1, rate: usd('1.00') }] }),
      'input.lines.0.role',
    ],
    ['a newline in a name-like field', plan({ title: 'two\nlines' }), 'input.title'],
    ['a 201-character title', plan({ title: 't'.repeat(201) }), 'input.title'],
    ['a 10,001-character note', plan({ note: 'n'.repeat(10_001) }), 'input.note'],
    ['an empty title', plan({ title: '   ' }), 'input.title'],
    ['negative hours', plan({ lines: [{ role: 'A', hours: -1, rate: usd('1.00') }] }), 'input.lines.0.hours'],
    ['1e9 hours', plan({ lines: [{ role: 'A', hours: 1e9, rate: usd('1.00') }] }), 'input.lines.0.hours'],
    ['1e308 hours', plan({ lines: [{ role: 'A', hours: 1e308, rate: usd('1.00') }] }), 'input.lines.0.hours'],
    [
      'a negative rate',
      plan({ lines: [{ role: 'A', hours: 1, rate: usd('-1.00') }] }),
      'input.lines.0.rate.amount',
    ],
    ['a price beyond bigint', plan({ price: usd('99999999999999999999.99') }), 'input.price.amount'],
    ['a lower-case currency', plan({ price: { amount: '1.00', currency: 'usd' } }), 'input.price.currency'],
    ['an unknown currency', plan({ price: { amount: '1.00', currency: 'ABC' } }), 'input.price.currency'],
    ['too many decimals', plan({ price: usd('1.001') }), 'input.price.amount'],
    ['an impossible date', plan({ due: '2026-02-30' }), 'input.due'],
    ['a date before 2000', plan({ due: '1000-01-01' }), 'input.due'],
    ['a date after 2100', plan({ due: '9999-12-31' }), 'input.due'],
    ['an exponent as a Decimal', plan({ price: usd('1e30') }), 'input.price.amount'],
  ])('refuses %s as BAD_USER_INPUT on its path, and the resolver never runs', async (_, input, field) => {
    const result = await runPlan(input);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    expect(result.received).toEqual([]);
  });

  it('lets a change be negative, within ±100,000 hours and ±3,650 days', async () => {
    const result = await runChange(
      coChange({ amountDelta: usd('-500.00'), hoursDelta: -100_000, scheduleDeltaDays: -3650 }),
    );
    expect(result.errors).toEqual([]);
    expect((await runChange(coChange({ scheduleDeltaDays: 3650, hoursDelta: 100_000 }))).errors).toEqual([]);
  });

  it.each([
    [
      'a schedule delta of 2147483647 days',
      coChange({ scheduleDeltaDays: 2_147_483_647 }),
      'input.scheduleDeltaDays',
    ],
    ['a schedule delta of 3651 days', coChange({ scheduleDeltaDays: 3651 }), 'input.scheduleDeltaDays'],
    ['an hours delta of −100,001', coChange({ hoursDelta: -100_001 }), 'input.hoursDelta'],
    [
      'an amount delta beyond bigint',
      coChange({ amountDelta: usd('-99999999999999999999.99') }),
      'input.amountDelta.amount',
    ],
    ['a malformed id', coChange({ engagementId: "1' OR '1'='1" }), 'input.engagementId'],
    ['an empty id', coChange({ engagementId: '' }), 'input.engagementId'],
    ['a NUL in a description', coChange({ description: 'x\u0000' }), 'input.description'],
  ])('refuses %s', async (_, input, field) => {
    const result = await runChange(input);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    expect(result.received).toEqual([]);
  });

  it('bounds plain arguments by name: minutes, percent, ids', async () => {
    const log = (minutes: number, billingPercent: number) =>
      run('mutation ($m: Int!, $p: Float) { log(minutes: $m, billingPercent: $p) }', {
        m: minutes,
        p: billingPercent,
      });
    expect((await log(60, 100)).errors).toEqual([]);
    expect((await log(-1, 50)).errors).toEqual([expect.objectContaining({ field: 'minutes' })]);
    expect((await log(6_000_001, 50)).errors).toEqual([expect.objectContaining({ field: 'minutes' })]);
    expect((await log(60, 100.5)).errors).toEqual([expect.objectContaining({ field: 'billingPercent' })]);
    const rename = await run('mutation { rename(id: "42", name: "x") }', {});
    expect(rename.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id' })]);
  });

  it('names the argument path of a value a scalar refused in a variable', async () => {
    const result = await runPlan(plan({ due: '2026-13-01' }));
    expect(result.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.due' })]);
  });
});
