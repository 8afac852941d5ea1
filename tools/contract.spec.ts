import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLNamedType,
} from 'graphql';
import { composeApiSchema } from './compose-supergraph';

// The public contract front-end teams build on: every name in it must exist through the
// gateway with the same type. Additions are fine; a rename or a changed type fails here.
const contractText = readFileSync(resolve(__dirname, '../docs/api-contract.graphql'), 'utf8');
const contract = buildSchema(contractText);
// The design documents live beside the repository (shared/docs); the copy here must follow them.
const upstream = resolve(__dirname, '../../shared/docs/api-contract.graphql');
const api = composeApiSchema();

const userTypes = Object.values(contract.getTypeMap()).filter((t) => !t.name.startsWith('__'));

function kind(t: GraphQLNamedType): string {
  return isObjectType(t)
    ? 'object'
    : isInputObjectType(t)
      ? 'input'
      : isEnumType(t)
        ? 'enum'
        : isScalarType(t)
          ? 'scalar'
          : 'other';
}

describe('public API contract (docs/api-contract.graphql) through the composed supergraph', () => {
  it('is the same contract as the design documents', () => {
    if (existsSync(upstream)) expect(contractText).toBe(readFileSync(upstream, 'utf8'));
  });

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
