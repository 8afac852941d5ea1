import { startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';
import { healthyEstimate, people, SalesApi, usd, publishRoleCard } from './testing/sales-fixtures';

let service: TestService;
let api: SalesApi;

beforeAll(async () => {
  // A threshold above the healthy estimate's 21.71 % proves the setting is read.
  service = await startTestService(salesService, { env: { MARGIN_THRESHOLD_PERCENT: '25' } });
  api = new SalesApi(service);
  await publishRoleCard(service);
});

afterAll(async () => {
  await service?.close();
});

type Estimate = ReturnType<typeof healthyEstimate>;
const withLine = (i: number, change: Partial<Estimate['lines'][number]>): Estimate => {
  const estimate = healthyEstimate();
  estimate.lines[i] = { ...estimate.lines[i], ...change };
  return estimate;
};

describe('sales: estimate input, cost visibility and batching', () => {
  const badEstimates: Array<[string, Record<string, unknown>, string]> = [
    ['hours of zero', withLine(1, { hours: 0 }), 'input.lines.1.hours'],
    ['negative hours', withLine(0, { hours: -2 }), 'input.lines.0.hours'],
    ['hours that are not whole minutes', withLine(1, { hours: 1.001 }), 'input.lines.1.hours'],
    [
      'a currency that is not ISO 4217',
      { ...healthyEstimate(), price: { amount: '10', currency: 'ABC' } },
      'input.price.currency',
    ],
    [
      'more decimals than the currency allows',
      withLine(0, { costRate: usd('85.015') }),
      'input.lines.0.costRate.amount',
    ],
    [
      'yen with decimals',
      { ...healthyEstimate(), price: { amount: '10.5', currency: 'JPY' } },
      'input.price.amount',
    ],
    [
      'mixed currencies',
      withLine(1, { billRate: { amount: '120.00', currency: 'EUR' } }),
      'input.lines.1.billRate.currency',
    ],
    ['a negative price', { ...healthyEstimate(), price: usd('-1.00') }, 'input.price.amount'],
    ['a negative rate', withLine(0, { billRate: usd('-150.00') }), 'input.lines.0.billRate.amount'],
    ['an end before the start', { ...healthyEstimate(), endDate: '2026-03-01' }, 'input.endDate'],
    ['an empty scope', { ...healthyEstimate(), scope: ' ' }, 'input.scope'],
    ['no lines', { ...healthyEstimate(), lines: [] }, 'input.lines'],
    ['an empty role', withLine(0, { role: '' }), 'input.lines.0.role'],
  ];

  it.each(badEstimates)(
    'refuses an estimate with %s as BAD_USER_INPUT and writes nothing',
    async (_, estimate, field) => {
      const id = await api.createOpportunity(await api.createClient());
      await api.estimate(id, healthyEstimate());
      const before = await api.rowCounts();
      const response = await api.setEstimate(id, estimate);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await api.rowCounts()).toEqual(before);
      expect(await api.revisionOf(id)).toBe(1);
    },
  );

  it('refuses an estimate of an unknown opportunity as BAD_USER_INPUT on input.opportunityId', async () => {
    const before = await api.rowCounts();
    const response = await api.setEstimate('9f0e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c', healthyEstimate());
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.opportunityId',
    });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('refuses a client without a name or with an unknown account manager, and writes nothing', async () => {
    const before = await api.rowCounts();
    const create = (input: Record<string, unknown>) =>
      api.fails(
        `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
        { input },
        people.seller,
      );
    expect(await create({ name: '  ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(
      await create({ name: 'Acme', accountManagerId: '9f0e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c' }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.accountManagerId',
    });
    expect(await create({ name: 'Acme', accountManagerId: 'not-an-id' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.accountManagerId',
    });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('refuses an opportunity without a title', async () => {
    const clientId = await api.createClient();
    const before = await api.rowCounts();
    const error = await api.fails(
      `mutation($c: ID!) { createOpportunity(input: { clientId: $c, title: "", pricingModel: FIXED_FEE }) { id } }`,
      { c: clientId },
      people.seller,
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('computes cost as the sum of half-even rounded line amounts, with margin and margin %', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, healthyEstimate());
    const opportunity = await api.opportunity<{ estimate: Record<string, unknown> }>(
      id,
      people.finance,
      `estimate { totalHours cost { amount currency } margin { amount currency } marginPercent
                  lines { role hours costRate { amount } billRate { amount } } }`,
    );
    // 630 min × 85.01/h = 892.605 → 892.60; 45 min × 62.50/h = 46.875 → 46.88 (both half to even)
    expect(opportunity.estimate).toEqual({
      totalHours: 11.25,
      cost: { amount: '939.48', currency: 'USD' },
      margin: { amount: '260.52', currency: 'USD' },
      marginPercent: 21.71,
      lines: [
        { role: 'Engineer', hours: 10.5, costRate: { amount: '85.01' }, billRate: { amount: '150.00' } },
        { role: 'Designer', hours: 0.75, costRate: { amount: '62.50' }, billRate: { amount: '120.00' } },
      ],
    });
  });

  it('shows cost rates, cost and margin only to the owner, DELIVERY (reviewers), FINANCE and ADMIN', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, healthyEstimate());
    const query = `query($id: ID!) {
      opportunity(id: $id) { estimate { price { amount } cost { amount } margin { amount } marginPercent
                                         lines { billRate { amount } costRate { amount } } } }
    }`;
    for (const who of [people.finance, people.admin, people.seller, people.delivery]) {
      const response = await service.query<{ opportunity: { estimate: Record<string, unknown> } }>(
        query,
        { id },
        who,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.opportunity.estimate).toMatchObject({
        cost: { amount: '939.48' },
        marginPercent: 21.71,
      });
    }
    for (const who of [people.member, people.otherSeller]) {
      const response = await service.query<{ opportunity: { estimate: Record<string, unknown> } }>(
        query,
        { id },
        who,
      );
      expect(response.data?.opportunity.estimate).toEqual({
        price: { amount: '1200.00' },
        cost: null,
        margin: null,
        marginPercent: null,
        lines: [
          { billRate: { amount: '150.00' }, costRate: null },
          { billRate: { amount: '120.00' }, costRate: null },
        ],
      });
      const denied = (response.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]);
      expect(denied).toEqual(
        expect.arrayContaining([
          ['opportunity.estimate.cost', 'FORBIDDEN'],
          ['opportunity.estimate.margin', 'FORBIDDEN'],
          ['opportunity.estimate.marginPercent', 'FORBIDDEN'],
          ['opportunity.estimate.lines.0.costRate', 'FORBIDDEN'],
          ['opportunity.estimate.lines.1.costRate', 'FORBIDDEN'],
        ]),
      );
      expect(denied).toHaveLength(5);
    }
  });

  it('reads the margin threshold from MARGIN_THRESHOLD_PERCENT', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, healthyEstimate());
    const opportunity = await api.opportunity<{ signingBlockers: string[] }>(
      id,
      people.finance,
      'signingBlockers',
    );
    expect(opportunity.signingBlockers).toEqual([
      'Needs a DELIVERY approval of estimate revision 1',
      'Estimated margin 21.71% is under 25%: needs a FINANCE approval of revision 1',
    ]);
  });

  it('resolves a list of opportunities with estimate, reviews and client in a constant number of statements', async () => {
    async function clientWith(count: number): Promise<{ clientId: string; ids: string[] }> {
      const clientId = await api.createClient(`Batch ${count}`);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = await api.createOpportunity(clientId, people.seller, `Deal ${i}`);
        await api.estimate(id, healthyEstimate());
        await api.submit(id);
        await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
        ids.push(id);
      }
      return { clientId, ids };
    }
    const fields = `id stage signingBlockers owner { id } client { id name }
      estimate { revision totalHours cost { amount } lines { role costRate { amount } } }
      reviews { reviewer { id } decision estimateRevision } contract { id }`;
    const byClient = `query($id: ID!) { client(id: $id) { accountManager { id } opportunities { ${fields} } } }`;
    const byReference = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Opportunity { ${fields} } } }`;

    const statements = async (clientId: string, ids: string[]) => {
      const listed = await service.queries.measure(() =>
        api.ok<{ client: { opportunities: unknown[] } }>(byClient, { id: clientId }, people.finance),
      );
      expect(listed.result.client.opportunities).toHaveLength(ids.length);
      const referenced = await service.queries.measure(() =>
        api.ok<{ _entities: unknown[] }>(
          byReference,
          { r: ids.map((id) => ({ __typename: 'Opportunity', id })) },
          people.finance,
        ),
      );
      expect(referenced.result._entities).toHaveLength(ids.length);
      return [listed.queries, referenced.queries];
    };

    const ten = await clientWith(10);
    const forty = await clientWith(40);
    const [listTen, refTen] = await statements(ten.clientId, ten.ids);
    const [listForty, refForty] = await statements(forty.clientId, forty.ids);
    expect(listForty).toBe(listTen);
    expect(refForty).toBe(refTen);
    // opportunities, estimates, estimate lines, reviews, clients, contracts: one statement each.
    expect(listTen).toBeGreaterThanOrEqual(6);
    expect(listTen).toBeLessThanOrEqual(8);
  });
});
