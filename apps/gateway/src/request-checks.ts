import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLScalarType,
  type ValueNode,
} from 'graphql';
import { scalarResolvers } from '@platform/graphql-kit';

/** The platform's own scalars, as every subgraph parses them (graphql-kit is the one definition). */
const PLATFORM_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map(
  (Object.values(scalarResolvers) as unknown[])
    .filter((scalar): scalar is GraphQLScalarType => isScalarType(scalar))
    .map((scalar) => [scalar.name, scalar]),
);

type Path = readonly (string | number)[];

function badInput(error: unknown, path: Path): GraphQLError {
  const message = error instanceof Error ? error.message : 'Invalid value';
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field: path.join('.'), http: { status: 400 } },
  });
}

/** Parses a variable's value with the platform scalars wherever its type holds one; the first refusal. */
function checkValue(type: GraphQLInputType, value: unknown, path: Path): GraphQLError | undefined {
  if (value === null || value === undefined) return undefined;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    // GraphQL coerces a single value given for a list into a list of one.
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const error = checkValue(nullable.ofType, item, Array.isArray(value) ? [...path, index] : path);
      if (error) return error;
    }
    return undefined;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    const fields = nullable.getFields();
    for (const [name, field] of Object.entries(fields)) {
      if (!Object.hasOwn(value, name)) continue;
      const error = checkValue(field.type, (value as Record<string, unknown>)[name], [...path, name]);
      if (error) return error;
    }
    return undefined;
  }
  const scalar = isScalarType(nullable) ? PLATFORM_SCALARS.get(nullable.name) : undefined;
  if (!scalar) return undefined;
  try {
    scalar.parseValue(value);
    return undefined;
  } catch (error) {
    return badInput(error, path);
  }
}

/** The same for a literal written in the document; variables inside it are checked as variables. */
function checkLiteral(type: GraphQLInputType, node: ValueNode, path: Path): GraphQLError | undefined {
  if (node.kind === Kind.VARIABLE || node.kind === Kind.NULL) return undefined;
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    const items = node.kind === Kind.LIST ? node.values : [node];
    for (const [index, item] of items.entries()) {
      const error = checkLiteral(nullable.ofType, item, node.kind === Kind.LIST ? [...path, index] : path);
      if (error) return error;
    }
    return undefined;
  }
  if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return undefined;
    const fields = nullable.getFields();
    for (const field of node.fields) {
      const def = fields[field.name.value];
      if (!def) continue;
      const error = checkLiteral(def.type, field.value, [...path, field.name.value]);
      if (error) return error;
    }
    return undefined;
  }
  const scalar = isScalarType(nullable) ? PLATFORM_SCALARS.get(nullable.name) : undefined;
  if (!scalar) return undefined;
  try {
    scalar.parseLiteral(node, undefined);
    return undefined;
  } catch (error) {
    return badInput(error, path);
  }
}

/**
 * Dates, date-times and decimals checked at the gateway with the scalars the subgraphs use, in
 * variables (at any depth of an input object or list) and in literals, before anything is planned
 * or sent: a value a subgraph would refuse is BAD_USER_INPUT (HTTP 400) with `extensions.field`
 * naming the variable or argument path ("input.lines.1.amount"). The supergraph's own scalars
 * only pass values through, so without this the subgraph's refusal came back as the gateway's
 * INTERNAL_SERVER_ERROR "400: Bad Request" with the subgraph's URL.
 */
export function inputScalarsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          for (const definition of operation.variableDefinitions ?? []) {
            const name = definition.variable.name.value;
            const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
            if (!type) continue;
            const error =
              (definition.defaultValue && checkLiteral(type, definition.defaultValue, [name])) ||
              checkValue(type, request.variables?.[name], [name]);
            if (error) throw error;
          }
          const typeInfo = new TypeInfo(schema);
          let refused: GraphQLError | undefined;
          visit(
            document,
            visitWithTypeInfo(typeInfo, {
              Argument(node) {
                const argument = typeInfo.getArgument();
                if (refused || !argument) return;
                refused = checkLiteral(argument.type, node.value, [node.name.value]);
              },
            }),
          );
          if (refused) throw refused;
        },
      };
    },
  };
}

/**
 * A request naming an operation the document does not have (or naming none in a document of
 * several) is the client's mistake: 400 BAD_REQUEST, where the gateway's executor answered 500.
 */
export function operationNamePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * Automatic persisted queries: a request that sends both the query and its hash must send the
 * query's own SHA-256, else it is refused before Apollo sees it (Apollo answered 400 with
 * INTERNAL_SERVER_ERROR). Returns the refusal, or undefined when there is nothing to check.
 */
export function persistedQueryMismatch(body: unknown): { message: string; code: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { query, extensions } = body as { query?: unknown; extensions?: unknown };
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (typeof query !== 'string' || typeof persisted?.sha256Hash !== 'string') return undefined;
  const actual = createHash('sha256').update(query).digest('hex');
  if (actual === persisted.sha256Hash.toLowerCase()) return undefined;
  return {
    message: 'The persisted query hash does not match the query',
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
  };
}
