/**
 * How graphql-codegen types this subgraph's resolvers (root codegen.ts): the context, and for
 * each schema type the TypeScript shape its resolvers receive as parent and return (mappers,
 * as "path relative to src/generated#ExportedType" or an inline type).
 */
export const codegen = {
  context: 'EngagementContext',
  mappers: {
    Engagement: '../entities#EngagementEntity',
    ChangeOrder: '../entities#ChangeOrderEntity',
    PostImplementationReview: '../entities#PostImplementationReviewEntity',
    StatusReport: '../entities#StatusReportEntity',
    Handoff: '../domain/handoff#HandoffView',
    // EngagementEntity is in scope through the Engagement mapper's import above.
    HandoffReport: '../domain/handoff#HandoffReportFigures<EngagementEntity>',
    // Aliased: the generated file declares its own OwnerSuggestion (the schema type).
    OwnerSuggestion: '../domain/owner-suggestions#OwnerSuggestion as OwnerSuggestionResult',
    EngagementConnection: '../application/engagement.queries#EngagementPage',
    EngagementEdge: '../application/engagement.queries#EngagementPageEdge',
    PortfolioHealth: '../application/engagement.queries#PortfolioHealthView',
    PortfolioEngagement: '../application/engagement.queries#PortfolioEngagementView',
    // Entities owned by other subgraphs: here they are only ever the reference this subgraph
    // builds or receives from the router, typename and key.
    Client: "{ __typename: 'Client'; id: string }",
    Contract: "{ __typename: 'Contract'; id: string }",
    TeamMember: "{ __typename: 'TeamMember'; id: string }",
  } as Record<string, string>,
};
