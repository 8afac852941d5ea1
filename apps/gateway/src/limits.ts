import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  isObjectType,
  isInterfaceType,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Assumed size of a list field without a `first` argument. */
  defaultListSize: number;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function intArgument(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

/**
 * Depth, alias count and a cost estimate for one operation: every field costs 1, and a list
 * field multiplies the cost of what is selected under it by its `first` argument (or the
 * default list size). Fragments are followed; a fragment cycle is left to GraphQL's own rules.
 */
export function measure(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  limits: QueryLimits,
  variables: Record<string, unknown> = {},
  seen: Set<string> = new Set(),
): Measure {
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) aliases += 1;
      const def = fieldDef(parent, selection.name.value);
      let childDepth = 0;
      let childCost = 0;
      if (def && selection.selectionSet) {
        const named = getNamedType(def.type);
        if (isCompositeType(named)) {
          const child = measure(schema, selection.selectionSet, named, fragments, limits, variables, seen);
          childDepth = child.depth;
          childCost = child.cost;
          aliases += child.aliases;
        }
      }
      const isList = def ? isListType(getNullableType(def.type)) : false;
      const size = isList ? (intArgument(selection, 'first', variables) ?? limits.defaultListSize) : 1;
      cost += 1 + size * childCost;
      depth = Math.max(depth, 1 + childDepth);
    } else {
      let nested: SelectionSetNode | undefined;
      let typeName: string | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        nested = selection.selectionSet;
        typeName = selection.typeCondition?.name.value;
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        const fragment = fragments[name];
        if (!fragment) continue;
        nested = fragment.selectionSet;
        typeName = fragment.typeCondition.name.value;
        seen = new Set(seen).add(name);
      }
      const type = typeName ? schema.getType(typeName) : parent;
      if (!type || !isCompositeType(type)) continue;
      const child = measure(schema, nested, type, fragments, limits, variables, seen);
      depth = Math.max(depth, child.depth);
      aliases += child.aliases;
      cost += child.cost;
    }
  }
  return { depth, aliases, cost };
}

/** A validation rule, so an over-limit request is refused before any resolver or subgraph runs. */
export function limitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root =
          operation.operation === 'query'
            ? schema.getQueryType()
            : operation.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
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
        if (m.cost > limits.maxCost) {
          report('QUERY_TOO_COSTLY', `Query cost ${m.cost} exceeds the budget of ${limits.maxCost}`, {
            cost: m.cost,
            limit: limits.maxCost,
          });
        }
      },
    };
  };
}
