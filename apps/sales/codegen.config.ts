/**
 * How graphql-codegen types this subgraph's resolvers (root codegen.ts): the context, and for
 * each schema type the TypeScript shape its resolvers receive as parent and return (mappers,
 * as "path relative to src/generated#ExportedType" or an inline type).
 */
export const codegen = {
  context: 'SalesContext',
  mappers: {
    Client: '../entities#ClientEntity',
    Opportunity: '../entities#OpportunityEntity',
    Contract: '../entities#ContractEntity',
    ContractReview: '../entities#ContractReviewEntity',
    // An estimate travels with its opportunity's owner, who decides who may see its cost.
    Estimate: '../resolvers/estimate-view#EstimateView',
    EstimateLine: '../resolvers/estimate-view#EstimateLineView',
    DeliveryEstimate: '../resolvers/estimate-view#DeliveryEstimateView',
    SuggestedLine: '../resolvers/estimate-view#SuggestedLineView',
    CalibratedEstimate: '../resolvers/estimate-view#CalibratedEstimateView',
    // TeamMember (a reference to project-delivery's entity) and Money (toMoneyOutput) are
    // returned in their schema shape, so they keep the generated types.
  } as Record<string, string>,
};
