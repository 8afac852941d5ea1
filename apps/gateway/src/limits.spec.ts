import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  Kind,
  buildSchema,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { loadTypeDefs } from '@platform/graphql-kit';
import { limitsRule, operationCost, type QueryLimits } from './limits';

const schema = buildSubgraphSchema({
  typeDefs: loadTypeDefs(join(__dirname, 'testing/probe-subgraph.graphql')),
});
const limits: QueryLimits = { maxDepth: 10, maxAliases: 10, maxCost: 1_000, defaultListSize: 20 };

function cost(query: string, variables?: Record<string, unknown>, on: GraphQLSchema = schema): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return operationCost(on, document, operation, limits, variables);
}

// items costs 1 and each item 1 + its children: 1 + size × (1 + 10 × 1).
const costFor = (size: number) => 1 + size * 11;

describe('query cost with variables', () => {
  it('costs a list field at the size given as a variable, as it does a literal', () => {
    expect(cost('{ items(first: 5000) { children(first: 10) { id } } }')).toBe(costFor(5000));
    expect(cost('query ($n: Int) { items(first: $n) { children(first: 10) { id } } }', { n: 5000 })).toBe(
      costFor(5000),
    );
  });

  it('follows variables into fragments', () => {
    const query =
      'query ($n: Int, $m: Int) { ...F } fragment F on Query { items(first: $n) { children(first: $m) { id } } }';
    expect(cost(query, { n: 100, m: 3 })).toBe(1 + 100 * (1 + 3));
  });

  it("uses the operation's default for a variable the request leaves out, not for one it sets", () => {
    const query = 'query ($n: Int = 50) { items(first: $n) { children(first: 10) { id } } }';
    expect(cost(query)).toBe(costFor(50));
    expect(cost(query, {})).toBe(costFor(50));
    expect(cost(query, { n: 2 })).toBe(costFor(2));
  });

  it('counts a missing, null or non-integer size as the default list size', () => {
    const query = 'query ($n: Int) { items(first: $n) { children(first: 10) { id } } }';
    expect(cost(query)).toBe(costFor(20));
    expect(cost(query, { n: null })).toBe(costFor(20));
    expect(cost(query, { n: 2.5 })).toBe(costFor(20));
    expect(cost(query, { n: '5000' })).toBe(costFor(20));
  });

  it('never lets a negative size make an operation cheaper', () => {
    expect(cost('query ($n: Int) { items(first: $n) { children(first: 10) { id } } }', { n: -1000 })).toBe(
      costFor(20),
    );
    expect(cost('{ items(first: -1000) { children(first: 10) { id } } }')).toBe(costFor(20));
  });
});

// itemPage(first: Int = 50) is a connection. It costs 1, nodes 1 + size × (1 + 10 children), totalCount 1.
const pageCostFor = (size: number) => 3 + size * 11;
const page = (first: string) => `itemPage${first} { nodes { children(first: 10) { id } } totalCount }`;

describe('query cost of a connection', () => {
  it('costs the lists inside a connection at the size asked of the connection', () => {
    expect(cost(`{ ${page('(first: 5000)')} }`)).toBe(pageCostFor(5000));
    expect(cost(`query ($n: Int) { ${page('(first: $n)')} }`, { n: 5000 })).toBe(pageCostFor(5000));
  });

  it('costs a connection whose size is left out at the default its schema declares', () => {
    expect(cost(`{ ${page('')} }`)).toBe(pageCostFor(50));
    // GraphQL itself passes the argument's default when the request leaves its variable out.
    expect(cost(`query ($n: Int) { ${page('(first: $n)')} }`)).toBe(pageCostFor(50));
    expect(cost(`query ($n: Int = 7) { ${page('(first: $n)')} }`)).toBe(pageCostFor(7));
    expect(cost(`query ($n: Int = 7) { ${page('(first: $n)')} }`, { n: 2 })).toBe(pageCostFor(2));
  });

  it('follows fragments on the connection, and sizes only the lists directly inside it', () => {
    const query =
      '{ itemPage(first: 100) { ...P } } ' +
      'fragment P on ItemPage { ... on ItemPage { nodes { children { id } } } }';
    // children asks for no size: the default list size, not the connection's 100.
    expect(cost(query)).toBe(1 + 1 + 100 * (1 + 20));
  });

  it('never lets a bad size make a connection cheaper than leaving the size out', () => {
    expect(cost(`{ ${page('(first: -1)')} }`)).toBe(pageCostFor(50));
    expect(cost(`query ($n: Int) { ${page('(first: $n)')} }`, { n: null })).toBe(pageCostFor(50));
  });

  it('costs a list field whose size is left out at the default its schema declares', () => {
    const suggestions = buildSchema('type Query { suggestions(first: Int = 5): [S!]! } type S { id: ID! }');
    expect(cost('{ suggestions { id } }', undefined, suggestions)).toBe(1 + 5);
    expect(cost('{ suggestions(first: 30) { id } }', undefined, suggestions)).toBe(1 + 30);
    expect(cost('{ suggestions(first: -1) { id } }', undefined, suggestions)).toBe(1 + 20);
  });
});

/** Fk spreads F(k-1) twice, one level down: 2^k copies of F0 once expanded, in k + 1 fragments. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Item { id }'];
  for (let k = 1; k <= levels; k += 1) {
    fragments.push(
      `fragment F${k} on Item { children(first: 1) { ...F${k - 1} } children(first: 1) { ...F${k - 1} } }`,
    );
  }
  return `{ items(first: 1) { ...F${levels} } } ${fragments.join(' ')}`;
}

describe('query cost and depth with fragments', () => {
  it('counts a fragment every time it is spread, also after a sibling spread it', () => {
    const query =
      '{ items(first: 10) { ...F children(first: 10) { ...F } } } fragment F on Item { id secret }';
    // F costs 2 (id, secret); children = 1 + 10 × 2 = 21; each item = F 2 + children 21 = 23;
    // items = 1 + 10 × 23 = 231. The old walk skipped the second ...F: 1 + 10 × (2 + 1) = 31.
    expect(cost(query)).toBe(231);
  });

  it('counts a fragment spread under two sibling fields twice', () => {
    const query = '{ a: items(first: 3) { ...F } b: items(first: 4) { ...F } } fragment F on Item { id }';
    // a = 1 + 3 × 1 = 4, b = 1 + 4 × 1 = 5.
    expect(cost(query)).toBe(9);
  });

  it('costs a fragment bomb exactly, in time linear in the document, and refuses it', () => {
    // F0 costs 1 (id). Fk = 2 × children(first: 1) = 2 × (1 + 1 × F(k-1)) = 2 + 2·F(k-1).
    // So F1 = 4, F2 = 10, F3 = 22: Fk = 3·2^k − 2. With items(first: 1) on top: 1 + Fk.
    expect(cost(fragmentBomb(3))).toBe(1 + 22);
    // 2^60 copies of F0 if walked: finishes only because each fragment is costed once.
    const started = process.hrtime.bigint();
    const huge = cost(fragmentBomb(60));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
    expect(huge).toBe(1 + (3 * 2 ** 60 - 2));
    expect(huge).toBeGreaterThan(limits.maxCost);
  });

  it('refuses a fragment bomb by depth in validation, before any exponential walk', () => {
    const document = parse(fragmentBomb(40));
    const started = process.hrtime.bigint();
    const errors = validate(schema, document, [...specifiedRules, limitsRule(limits)]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
    // items 1 + 40 levels of children + id of F0 = depth 42, over maxDepth 10.
    expect(errors.map((e) => e.extensions.reason)).toContain('QUERY_TOO_DEEP');
    expect(errors.find((e) => e.extensions.reason === 'QUERY_TOO_DEEP')?.extensions.depth).toBe(42);
  });

  it('survives a fragment cycle (GraphQL itself reports it)', () => {
    const document = parse(
      '{ items { ...A } } fragment A on Item { children { ...B } } fragment B on Item { ...A }',
    );
    const errors = validate(schema, document, [...specifiedRules, limitsRule(limits)]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Cannot spread fragment "A" within itself/);
  });
});
