import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { compatibilityProblems, kindOf } from './contract-compat';
import { composeApiSchema } from './compose-supergraph';

// The project's public contract (docs/api-contract.graphql) is its own promise: every name in
// it must exist through the gateway with the same type. It grows with each wave; the first-wave
// baseline beside the repository (../shared/docs/api-contract.graphql) must stay inside it with
// compatible types, so a rename or a tightened input fails here even if the project's copy
// was edited along with it.
const contractText = readFileSync(resolve(__dirname, '../docs/api-contract.graphql'), 'utf8');
const contract = buildSchema(contractText);
const baselinePath = process.env.API_BASELINE_CONTRACT
  ? resolve(process.env.API_BASELINE_CONTRACT)
  : resolve(__dirname, '../../shared/docs/api-contract.graphql');
const api = composeApiSchema();

const userTypes = Object.values(contract.getTypeMap()).filter((t) => !t.name.startsWith('__'));

const kind = kindOf;

describe('the first-wave baseline (../shared/docs/api-contract.graphql)', () => {
  it('has every name still in the project contract, with a compatible type', () => {
    if (!existsSync(baselinePath)) {
      // CI always has the baseline: its absence there is a failure, never a silent pass.
      if (process.env.CI === 'true') throw new Error(`no first-wave contract baseline at ${baselinePath}`);
      process.stderr.write(
        `contract: no baseline at ${baselinePath}; set API_BASELINE_CONTRACT to check it\n`,
      );
      return;
    }
    const baseline = buildSchema(readFileSync(baselinePath, 'utf8'));
    expect(compatibilityProblems(baseline, contract)).toEqual([]);
  });
});

describe('contract compatibility rules', () => {
  const before = buildSchema(`
    type Query { item(id: ID!, first: Int): Item }
    type Item { id: ID! name: String count: Int! status: Status }
    enum Status { OPEN CLOSED }
    input ItemInput { name: String! note: String }
  `);
  const check = (sdl: string) => compatibilityProblems(before, buildSchema(sdl));

  it('accepts additions, an input relaxed from required to optional and an output made non-null', () => {
    expect(
      check(`
        type Query { item(id: ID, first: Int, after: String): Item  items: [Item!]! }
        type Item { id: ID! name: String! count: Int! status: Status extra: Int }
        enum Status { OPEN CLOSED DRAFT }
        input ItemInput { name: String note: String tag: String }
      `),
    ).toEqual([]);
  });

  it('names each break: a removed field, a changed type, a tightened input, a new required argument, a lost enum value', () => {
    expect(
      check(`
        type Query { item(id: ID!, first: Int!, mode: String!): Item }
        type Item { id: ID! count: String! status: Status }
        enum Status { OPEN }
        input ItemInput { name: String! note: String! }
      `),
    ).toEqual([
      'Query.item(first:) changed from Int to Int!',
      'Query.item(mode:) is new and required (String!)',
      'Item.name was removed',
      'Item.count changed from Int! to String!',
      'Status.CLOSED was removed',
      'ItemInput.note changed from String to String!',
    ]);
  });
});

describe('public API contract (docs/api-contract.graphql) through the composed supergraph', () => {
  it.each(userTypes.map((t) => [t.name, t] as const))(
    '%s exists with every field, argument and value',
    (_name, type) => {
      const actual = api.getType(type.name);
      expect(actual && kind(actual)).toBe(kind(type));
      if (!actual) return;
      if (
        (isObjectType(type) || isInterfaceType(type)) &&
        (isObjectType(actual) || isInterfaceType(actual))
      ) {
        const fields = actual.getFields();
        for (const field of Object.values(type.getFields())) {
          const got = fields[field.name];
          expect({ field: field.name, type: got?.type.toString() }).toEqual({
            field: field.name,
            type: field.type.toString(),
          });
          for (const arg of field.args) {
            const gotArg = got.args.find((a) => a.name === arg.name);
            expect({
              arg: `${field.name}(${arg.name})`,
              type: gotArg?.type.toString(),
              default: gotArg?.defaultValue,
            }).toEqual({
              arg: `${field.name}(${arg.name})`,
              type: arg.type.toString(),
              default: arg.defaultValue,
            });
          }
        }
      }
      if (isInputObjectType(type) && isInputObjectType(actual)) {
        const fields = actual.getFields();
        for (const field of Object.values(type.getFields())) {
          expect({
            field: field.name,
            type: fields[field.name]?.type.toString(),
            default: fields[field.name]?.defaultValue,
          }).toEqual({
            field: field.name,
            type: field.type.toString(),
            default: field.defaultValue,
          });
        }
      }
      if (isEnumType(type) && isEnumType(actual)) {
        const values = actual.getValues().map((v) => v.name);
        expect(values).toEqual(expect.arrayContaining(type.getValues().map((v) => v.name)));
      }
    },
  );
});
