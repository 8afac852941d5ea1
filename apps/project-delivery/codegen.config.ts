/**
 * How graphql-codegen types this subgraph's resolvers (root codegen.ts): the context, and for
 * each schema type the TypeScript shape its resolvers receive as parent and return (mappers,
 * as "path relative to src/generated#ExportedType" or an inline type).
 */
export const codegen = {
  context: 'DeliveryContext',
  mappers: {} as Record<string, string>,
};
