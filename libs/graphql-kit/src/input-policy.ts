import {
  defaultFieldResolver,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from '@platform/errors';
import { MAX_INPUT_HOURS, moneyFromInput } from './money-input';
import { checkText, textKindOf } from '@platform/domain-kit';

/**
 * The input policy every subgraph applies to every argument of every field before its resolver
 * runs (issue 17, classes 3–5), so no resolver can forget it. It walks the argument values with
 * the schema's types and refuses, as BAD_USER_INPUT with `extensions.field` = the argument path
 * (`input.lines.0.role`, list indices as in ARCHITECTURE.md's `lines.N.costRate`):
 *
 * - String: the text policy (text-policy.ts); the resolver receives the normalised text, and a
 *   required String that is empty after trimming is refused.
 * - ID: a UUID, the only ids the platform issues (a malformed id never reaches PostgreSQL).
 * - MoneyInput: an ISO 4217 currency in upper case, the currency's decimals, under 10^17 minor
 *   units (moneyFromInput), and not negative unless the field is a change (`amountDelta`).
 * - Numbers (Int, Float) are never negative unless the field's name says it is a change
 *   (`…Delta…`, `…offset…`); by name: hours ≤ 100,000 either way, minutes ≤ 6,000,000, days
 *   ≤ 3,650 either way, percent ≤ 100; any other Float ≤ 10^9.
 * - Date, DateTime and Decimal are checked by their scalars (window 2000-01-01..2100-12-31).
 *
 * Rules of one field (e.g. minutes 1..1440 in logTime, zero hours per week) stay in the domain:
 * this is the floor every input stands on, not the whole of its validation.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_INPUT_DAYS = 3650;
export const MAX_INPUT_MINUTES = MAX_INPUT_HOURS * 60;
const MAX_OTHER_FLOAT = 1e9;

const SIGNED_NAME = /delta|offset/i;
const HOURS_NAME = /hours/i;
const MINUTES_NAME = /minutes$/i;
const DAYS_NAME = /days$/i;
const PERCENT_NAME = /percent$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

function checkNumber(value: number, name: string, path: string): void {
  if (!Number.isFinite(value)) throw badInput(path, 'must be a finite number');
  if (value < 0 && !SIGNED_NAME.test(name)) throw badInput(path, 'must not be negative');
  const size = Math.abs(value);
  if (HOURS_NAME.test(name)) {
    if (size > MAX_INPUT_HOURS) throw badInput(path, `must be at most ${MAX_INPUT_HOURS} hours`);
  } else if (MINUTES_NAME.test(name)) {
    if (size > MAX_INPUT_MINUTES) throw badInput(path, `must be at most ${MAX_INPUT_MINUTES} minutes`);
  } else if (DAYS_NAME.test(name)) {
    if (size > MAX_INPUT_DAYS) throw badInput(path, `must be within ±${MAX_INPUT_DAYS} days`);
  } else if (PERCENT_NAME.test(name)) {
    if (size > 100) throw badInput(path, 'must be at most 100 percent');
  } else if (size > MAX_OTHER_FLOAT) {
    throw badInput(path, `must be at most ${MAX_OTHER_FLOAT}`);
  }
}

interface MoneyValue {
  amount: string;
  currency: string;
}

/**
 * Checks (and normalises) one input value of `type`; `name` is the field or argument it fills,
 * `path` its place in the arguments. Returns the value the resolver receives.
 */
export function checkInputValue(value: unknown, type: GraphQLInputType, name: string, path: string): unknown {
  if (value === null || value === undefined) return value;
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  if (isListType(inner)) {
    return (value as unknown[]).map((item, i) =>
      checkInputValue(item, inner.ofType as GraphQLInputType, name, `${path}.${i}`),
    );
  }
  if (isInputObjectType(inner)) {
    const object = value as Record<string, unknown>;
    if (inner.name === 'MoneyInput') {
      const money = object as unknown as MoneyValue;
      const parsed = moneyFromInput(money, path);
      if (parsed.minor < 0n && !SIGNED_NAME.test(name))
        throw badInput(`${path}.amount`, 'must not be negative');
      return object;
    }
    const fields = inner.getFields();
    const checked: Record<string, unknown> = {};
    for (const [key, fieldValue] of Object.entries(object)) {
      const field = fields[key];
      checked[key] = field ? checkInputValue(fieldValue, field.type, key, `${path}.${key}`) : fieldValue;
    }
    return checked;
  }
  if (isEnumType(inner) || !isScalarType(inner)) return value;
  switch (inner.name) {
    case 'String': {
      const verdict = checkText(value as string, textKindOf(name));
      if (!verdict.ok) throw badInput(path, verdict.message!);
      if (required && verdict.value.length === 0) throw badInput(path, 'must not be empty');
      return verdict.value;
    }
    case 'ID':
      if (!isUuid(String(value))) throw badInput(path, 'must be an id (a UUID)');
      return value;
    case 'Int':
    case 'Float':
      checkNumber(value as number, name, path);
      return value;
    default:
      return value;
  }
}

function checkArguments(definitions: readonly GraphQLArgument[], args: Record<string, unknown>) {
  const checked: Record<string, unknown> = { ...args };
  for (const arg of definitions) {
    if (arg.name in args) checked[arg.name] = checkInputValue(args[arg.name], arg.type, arg.name, arg.name);
  }
  return checked;
}

// Federation's own fields: `_entities` takes representations (_Any), never user input.
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

const needsCheck = (type: GraphQLInputType): boolean => {
  const named = getNamedType(type);
  return !isEnumType(named) && named.name !== 'Boolean';
};

/**
 * Wraps the resolver of every field that takes arguments so they pass the input policy first.
 * Call once on a built schema, before the server starts; returns the same schema.
 */
export function applyInputPolicy(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (FEDERATION_FIELDS.has(field.name) || !field.args.some((a) => needsCheck(a.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const args = field.args;
      field.resolve = (source, values, context, info) =>
        resolve(source, checkArguments(args, values), context, info);
    }
  }
  return schema;
}
