import { createEvent, type EventEnvelope } from '@platform/events';
import {
  feedEvents,
  identity,
  waitUntilApplied,
  type GraphQLResponse,
  type TestService,
} from '@platform/testing';

/** People of the integration tests; ids are team member ids, as the gateway would sign them. */
export const people = {
  seller: identity('11111111-1111-4111-8111-111111111111', ['SALES'], 'Sally Seller'),
  otherSeller: identity('22222222-2222-4222-8222-222222222222', ['SALES'], 'Otto Other'),
  delivery: identity('33333333-3333-4333-8333-333333333333', ['DELIVERY'], 'Dana Delivery'),
  delivery2: identity('33333333-3333-4333-8333-333333333334', ['DELIVERY'], 'Dirk Delivery'),
  finance: identity('44444444-4444-4444-8444-444444444444', ['FINANCE'], 'Fiona Finance'),
  member: identity('55555555-5555-4555-8555-555555555555', ['MEMBER'], 'Max Member'),
  admin: identity('66666666-6666-4666-8666-666666666666', ['ADMIN'], 'Ada Admin'),
};

export const usd = (amount: string) => ({ amount, currency: 'USD' });

/**
 * Finance's role card as accounting publishes it (RoleRateSet), from 2026-01-01: Engineer cost
 * 85.01 / bill 150.00, Designer 62.50 / 120.00, Developer 50.00 / 60.00.
 */
export const ROLE_CARD: EventEnvelope<'RoleRateSet'>[] = [
  ['Engineer', '8501', '15000'],
  ['Designer', '6250', '12000'],
  ['Developer', '5000', '6000'],
].map(([role, cost, bill]) =>
  createEvent(
    'RoleRateSet',
    {
      role,
      costRate: { amountMinor: cost, currency: 'USD' },
      billRate: { amountMinor: bill, currency: 'USD' },
      effectiveFrom: '2026-01-01',
      setAt: '2025-12-31T12:00:00.000Z',
    },
    { source: 'accounting' },
  ),
);

/** Feeds the role card through the real broker and waits until sales has projected it. */
export async function publishRoleCard(
  service: TestService,
  card: readonly EventEnvelope<'RoleRateSet'>[] = ROLE_CARD,
): Promise<void> {
  await feedEvents(service, 'accounting', card);
  await waitUntilApplied(service, card);
}

/** A healthy estimate: cost 939.48 of 1200.00 (21.71 % margin, above the default 20 %). */
export const healthyEstimate = () => ({
  // The cost rates are the card's (old clients still send them; a different one is refused).
  lines: [
    { role: 'Engineer', hours: 10.5, costRate: usd('85.01'), billRate: usd('150.00') },
    { role: 'Designer', hours: 0.75, costRate: usd('62.50'), billRate: usd('120.00') },
  ],
  price: usd('1200.00'),
  startDate: '2026-03-02',
  endDate: '2026-04-30',
  scope: 'Customer portal, phase one',
});

/** Same lines at a price of 1000.00: margin 6.05 %, so FINANCE must approve too. */
export const thinEstimate = () => ({ ...healthyEstimate(), price: usd('1000.00') });

export const OPPORTUNITY_FIELDS = `
  id title stage pricingModel lostReason signingBlockers
  owner { id }
  client { id name }
  estimate { revision totalHours price { amount currency } startDate endDate scope }
  reviews { reviewer { id } discipline decision comment estimateRevision at }
  contract { id }
`;

export class SalesApi {
  constructor(readonly service: TestService) {}

  /** Runs a query and fails the test on any GraphQL error. */
  async ok<T>(query: string, variables: Record<string, unknown>, who = people.admin): Promise<T> {
    const response = await this.service.query<T>(query, variables, who);
    if (response.errors?.length || !response.data) {
      throw new Error(`unexpected GraphQL errors: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }

  /** Runs a query expected to fail; returns its first error. */
  async fails(query: string, variables: Record<string, unknown>, who = people.admin) {
    const response: GraphQLResponse = await this.service.query(query, variables, who);
    const [error] = response.errors ?? [];
    if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
    return {
      message: error.message,
      code: error.extensions?.code,
      field: error.extensions?.field,
      extensions: error.extensions,
    };
  }

  async createClient(name = 'Acme Corp', who = people.seller, accountManagerId?: string): Promise<string> {
    const data = await this.ok<{ createClient: { id: string } }>(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
      { input: { name, industry: 'Retail', accountManagerId } },
      who,
    );
    return data.createClient.id;
  }

  async createOpportunity(clientId: string, who = people.seller, title = 'Customer portal'): Promise<string> {
    const data = await this.ok<{ createOpportunity: { id: string } }>(
      `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }`,
      { input: { clientId, title, pricingModel: 'FIXED_FEE' } },
      who,
    );
    return data.createOpportunity.id;
  }

  setEstimate(opportunityId: string, estimate: Record<string, unknown>, who = people.seller) {
    return this.service.query<{ setEstimate: { stage: string; estimate: { revision: number } } }>(
      `mutation($input: SetEstimateInput!) { setEstimate(input: $input) { stage estimate { revision } } }`,
      { input: { opportunityId, ...estimate } },
      who,
    );
  }

  async estimate(
    opportunityId: string,
    estimate: Record<string, unknown>,
    who = people.seller,
  ): Promise<number> {
    const response = await this.setEstimate(opportunityId, estimate, who);
    if (response.errors?.length || !response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.setEstimate.estimate.revision;
  }

  submit(opportunityId: string, who = people.seller) {
    return this.service.query<{ submitForReview: { stage: string } }>(
      `mutation($id: ID!) { submitForReview(opportunityId: $id) { stage } }`,
      { id: opportunityId },
      who,
    );
  }

  review(
    opportunityId: string,
    discipline: 'DELIVERY' | 'FINANCE',
    decision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED',
    who: typeof people.delivery,
    comment?: string,
  ) {
    return this.service.query<{ reviewOpportunity: { stage: string; signingBlockers: string[] } }>(
      `mutation($input: ReviewOpportunityInput!) {
         reviewOpportunity(input: $input) { stage signingBlockers }
       }`,
      { input: { opportunityId, discipline, decision, comment } },
      who,
    );
  }

  sign(opportunityId: string, who = people.seller) {
    return this.service.query<{
      signContract: { id: string; signedAt: string; value: { amount: string; currency: string } };
    }>(
      `mutation($id: ID!) {
         signContract(opportunityId: $id) {
           id value { amount currency } pricingModel startDate endDate budgetHours scope signedAt
           opportunity { id stage } client { id name }
         }
       }`,
      { id: opportunityId },
      who,
    );
  }

  async opportunity<T = Record<string, unknown>>(
    id: string,
    who = people.admin,
    fields = OPPORTUNITY_FIELDS,
  ) {
    const data = await this.ok<{ opportunity: T }>(
      `query($id: ID!) { opportunity(id: $id) { ${fields} } }`,
      { id },
      who,
    );
    return data.opportunity;
  }

  /** Rows in every table this service writes, for "nothing written" checks. */
  async rowCounts(): Promise<Record<string, number>> {
    const tables = [
      'clients',
      'opportunities',
      'estimates',
      'estimate_lines',
      'contract_reviews',
      'contracts',
      'outbox',
      'team_members',
    ];
    const rows: Array<{ t: string; n: string }> = await this.service.dataSource.query(
      tables.map((t) => `SELECT '${t}' AS t, count(*)::text AS n FROM ${t}`).join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  }

  /** The estimate's revision, as stored. */
  async revisionOf(opportunityId: string): Promise<number | null> {
    const rows: Array<{ revision: number }> = await this.service.dataSource.query(
      'SELECT revision FROM estimates WHERE opportunity_id = $1',
      [opportunityId],
    );
    return rows[0]?.revision ?? null;
  }
}
