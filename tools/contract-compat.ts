import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

export function kindOf(t: GraphQLNamedType): string {
  if (isObjectType(t)) return 'object';
  if (isInterfaceType(t)) return 'interface';
  if (isUnionType(t)) return 'union';
  if (isInputObjectType(t)) return 'input';
  if (isEnumType(t)) return 'enum';
  if (isScalarType(t)) return 'scalar';
  return 'other';
}

/** An output may only get stricter (nullable → non-null); anything else changes what clients read. */
function outputCompatible(before: GraphQLOutputType, after: GraphQLOutputType): boolean {
  const a = before.toString();
  const b = after.toString();
  return a === b || (!isNonNullType(before) && b === `${a}!`);
}

/** An input may only be relaxed (required → optional); anything else breaks a client that sends it. */
function inputCompatible(before: GraphQLInputType, after: GraphQLInputType): boolean {
  const a = before.toString();
  const b = after.toString();
  return a === b || (isNonNullType(before) && a === `${b}!`);
}

/** A new argument or input field must be optional, or existing callers stop validating. */
const newInputProblem = (where: string, type: GraphQLInputType, hasDefault: boolean): string[] =>
  isNonNullType(type) && !hasDefault ? [`${where} is new and required (${type.toString()})`] : [];

function argumentProblems(
  where: string,
  before: readonly GraphQLArgument[],
  after: readonly GraphQLArgument[],
): string[] {
  const problems: string[] = [];
  for (const arg of before) {
    const now = after.find((a) => a.name === arg.name);
    if (!now) problems.push(`${where}(${arg.name}:) was removed`);
    else if (!inputCompatible(arg.type, now.type))
      problems.push(`${where}(${arg.name}:) changed from ${arg.type.toString()} to ${now.type.toString()}`);
  }
  for (const arg of after.filter((a) => !before.some((b) => b.name === a.name)))
    problems.push(...newInputProblem(`${where}(${arg.name}:)`, arg.type, arg.defaultValue !== undefined));
  return problems;
}

/**
 * What `current` breaks of `baseline`: every type, field, argument and enum value of the
 * baseline must still exist with a compatible type. Additions are free; an input may go from
 * required to optional, an output from nullable to non-null; nothing else may change.
 */
export function compatibilityProblems(baseline: GraphQLSchema, current: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(baseline.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const now = current.getType(type.name);
    if (!now) {
      problems.push(`type ${type.name} was removed`);
      continue;
    }
    if (kindOf(now) !== kindOf(type)) {
      problems.push(`type ${type.name} changed from ${kindOf(type)} to ${kindOf(now)}`);
      continue;
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(now) || isInterfaceType(now))) {
      const fields = now.getFields();
      for (const field of Object.values(type.getFields())) {
        const where = `${type.name}.${field.name}`;
        const got = fields[field.name];
        if (!got) {
          problems.push(`${where} was removed`);
          continue;
        }
        if (!outputCompatible(field.type, got.type))
          problems.push(`${where} changed from ${field.type.toString()} to ${got.type.toString()}`);
        problems.push(...argumentProblems(where, field.args, got.args));
      }
    }
    if (isInputObjectType(type) && isInputObjectType(now)) {
      const fields = now.getFields();
      const before = type.getFields();
      for (const field of Object.values(before)) {
        const where = `${type.name}.${field.name}`;
        const got = fields[field.name];
        if (!got) problems.push(`${where} was removed`);
        else if (!inputCompatible(field.type, got.type))
          problems.push(`${where} changed from ${field.type.toString()} to ${got.type.toString()}`);
      }
      for (const field of Object.values(fields).filter((f) => !before[f.name]))
        problems.push(
          ...newInputProblem(`${type.name}.${field.name}`, field.type, field.defaultValue !== undefined),
        );
    }
    if (isEnumType(type) && isEnumType(now)) {
      const values = new Set(now.getValues().map((v) => v.name));
      for (const value of type.getValues())
        if (!values.has(value.name)) problems.push(`${type.name}.${value.name} was removed`);
    }
    if (isUnionType(type) && isUnionType(now)) {
      const members = new Set(now.getTypes().map((t) => t.name));
      for (const member of type.getTypes())
        if (!members.has(member.name)) problems.push(`${type.name} no longer includes ${member.name}`);
    }
  }
  return problems;
}
