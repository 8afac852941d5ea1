import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  isObjectType,
  isInterfaceType,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Assumed size of a list that neither its own `first` (or its default) nor its connection sizes. */
  defaultListSize: number;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * The size a field asks for with its `first` argument, as execution will see it: a literal, a
 * variable's value, or the argument's schema default (`first: Int = 50`) when the argument, or the
 * variable given for it, is left out. Undefined when none of these says anything. A value that is
 * not a non-negative integer (null, 2.5, a string, -1000) counts as the larger of the schema
 * default and the default list size: a bad size must never make an operation look cheaper than
 * leaving it out would.
 */
function requestedSize(
  field: FieldNode,
  def: GraphQLField<unknown, unknown> | undefined,
  variables: Record<string, unknown>,
  defaultListSize: number,
): number | undefined {
  const declared = def?.args.find((a) => a.name === 'first')?.defaultValue;
  const schemaDefault = isSize(declared) ? declared : undefined;
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return schemaDefault;
  let value: unknown;
  if (arg.value.kind === Kind.INT) value = Number(arg.value.value);
  else if (arg.value.kind === Kind.VARIABLE) {
    const name = arg.value.name.value;
    if (!Object.hasOwn(variables, name)) return schemaDefault;
    value = variables[name];
  }
  return isSize(value) ? value : Math.max(schemaDefault ?? 0, defaultListSize);
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

/**
 * Depth, alias count and a cost estimate for one operation: every field costs 1, and a list
 * field multiplies the cost of what is selected under it by the size it asks for (see
 * `requestedSize`), or else the default list size. A field that is not a list but asks for a size
 * is a connection (`engagements(first: 50) { edges { node { id } } pageInfo { … } }`): the lists
 * directly inside it (`edges`, `nodes`) hold that many, unless they ask for a size themselves.
 *
 * A fragment counts every time it is spread, but is measured once (per connection size it is
 * spread at) and remembered: a "fragment bomb" (F1 spreads F0 twice, F2 spreads F1 twice, …)
 * costs 2^n once expanded, and is measured in time linear in the document, so it is refused by
 * its figures without ever being walked out. A spread of a fragment that is being measured (a
 * cycle) counts nothing here; GraphQL's own NoFragmentCyclesRule refuses the document.
 */
export function measure(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  limits: QueryLimits,
  variables: Record<string, unknown> = {},
): Measure {
  const measured = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const fragmentMeasure = (name: string, pageSize: number | undefined): Measure | undefined => {
    const fragment = fragments[name];
    if (!fragment) return undefined;
    const key = `${name}\u0000${pageSize ?? ''}`;
    const known = measured.get(key);
    if (known) return known;
    if (inProgress.has(key)) return undefined;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return undefined;
    inProgress.add(key);
    // A fragment on a connection selects its lists as directly as the connection does.
    const result = walk(fragment.selectionSet, type, pageSize);
    inProgress.delete(key);
    measured.set(key, result);
    return result;
  };

  /** `pageSize`: the size of the connection whose selection this is. */
  const walk = (set: SelectionSetNode, within: GraphQLCompositeType, pageSize?: number): Measure => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const def = fieldDef(within, selection.name.value);
        const isList = def ? isListType(getNullableType(def.type)) : false;
        const size = requestedSize(selection, def, variables, limits.defaultListSize);
        let childDepth = 0;
        let childCost = 0;
        if (def && selection.selectionSet) {
          const named = getNamedType(def.type);
          if (isCompositeType(named)) {
            const child = walk(selection.selectionSet, named, isList ? undefined : size);
            childDepth = child.depth;
            childCost = child.cost;
            aliases += child.aliases;
          }
        }
        const multiplier = isList ? (size ?? pageSize ?? limits.defaultListSize) : 1;
        cost += 1 + multiplier * childCost;
        depth = Math.max(depth, 1 + childDepth);
      } else {
        let child: Measure | undefined;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const typeName = selection.typeCondition?.name.value;
          const type = typeName ? schema.getType(typeName) : within;
          if (type && isCompositeType(type)) child = walk(selection.selectionSet, type, pageSize);
        } else {
          child = fragmentMeasure(selection.name.value, pageSize);
        }
        if (!child) continue;
        depth = Math.max(depth, child.depth);
        aliases += child.aliases;
        cost += child.cost;
      }
    }
    return { depth, aliases, cost };
  };

  return walk(selectionSet, parent);
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return fragments;
}

function rootType(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLObjectType | null | undefined {
  return operation.operation === 'query'
    ? schema.getQueryType()
    : operation.operation === 'mutation'
      ? schema.getMutationType()
      : schema.getSubscriptionType();
}

/**
 * The variables as execution will see them: each supplied value, else the default written in the
 * operation (`$n: Int = 50`), as GraphQL does for a variable left out of the request.
 */
function operationVariables(
  operation: OperationDefinitionNode,
  supplied: Record<string, unknown> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (supplied[name] !== undefined) values[name] = supplied[name];
    else if (definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}

/** The cost of one operation of a document with the request's variables (see `measure`). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  limits: QueryLimits,
  variables?: Record<string, unknown>,
): number {
  const root = rootType(schema, operation);
  if (!root) return 0;
  return measure(
    schema,
    operation.selectionSet,
    root,
    fragmentsOf(document),
    limits,
    operationVariables(operation, variables),
  ).cost;
}

/**
 * Depth and aliases, as a validation rule: both are fixed by the document, so a document Apollo
 * has validated once is not measured again. Cost depends on variables, which validation never
 * sees; `costLimitPlugin` checks it.
 */
export function limitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root = rootType(schema, operation);
        if (!root) return;
        const m = measure(schema, operation.selectionSet, root, fragments, limits);
        // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; `reason` says which limit.
        const report = (reason: string, message: string, figures: Record<string, number>) =>
          context.reportError(
            new GraphQLError(message, { nodes: [operation], extensions: { reason, ...figures } }),
          );
        if (m.depth > limits.maxDepth) {
          report('QUERY_TOO_DEEP', `Query depth ${m.depth} exceeds the limit of ${limits.maxDepth}`, {
            depth: m.depth,
            limit: limits.maxDepth,
          });
        }
        if (m.aliases > limits.maxAliases) {
          report('TOO_MANY_ALIASES', `Query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, {
            aliases: m.aliases,
            limit: limits.maxAliases,
          });
        }
      },
    };
  };
}

/**
 * The cost budget, checked with the request's variables so that `items(first: $n)` is costed at
 * n, not at the default list size. `didResolveOperation` runs for every request, also when Apollo
 * skips validation for a document it has cached, and before execution: nothing has been planned
 * and no resolver or subgraph has been called yet. Apollo answers with the error thrown here; the
 * code and HTTP status are those Apollo gives a validation error, as they were when cost was a
 * validation rule.
 */
export function costLimitPlugin<TContext extends BaseContext>(
  limits: QueryLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation of that name: execution refuses the request with its own error.
          if (!operation) return;
          const cost = operationCost(schema, document, operation, limits, request.variables);
          if (cost <= limits.maxCost) return;
          throw new GraphQLError(`Query cost ${cost} exceeds the budget of ${limits.maxCost}`, {
            nodes: [operation],
            extensions: {
              code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
              reason: 'QUERY_TOO_COSTLY',
              cost,
              limit: limits.maxCost,
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}
