/**
 * How graphql-codegen types this subgraph's resolvers (root codegen.ts): the context, and for
 * each schema type the TypeScript shape its resolvers receive as parent and return (mappers,
 * as "path relative to src/generated#ExportedType" or an inline type).
 */
export const codegen = {
  context: 'AccountingContext',
  mappers: {
    // Entities owned elsewhere: accounting only ever holds their id.
    Engagement: '{ id: string }',
    TeamMember: '{ id: string }',
    Invoice: '../resolvers/output#InvoiceOutput',
  } as Record<string, string>,
};
