import { startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';
import { SalesApi, people, publishRoleCard, usd } from './testing/sales-fixtures';

/*
 * ARCHITECTURE.md, "Rate cards and honest estimates": an estimate line's cost rate is finance's
 * role card rate on the estimate's start date, never the seller's; reviewers see the numbers;
 * DELIVERY may answer with a counter-estimate; the contract carries its rate table.
 * Card (testing/sales-fixtures.ts): Developer cost 50.00, bill 60.00 from 2026-01-01.
 */

let service: TestService;
let api: SalesApi;

beforeAll(async () => {
  service = await startTestService(salesService);
  api = new SalesApi(service);
  await publishRoleCard(service);
});

afterAll(async () => {
  await service?.close();
});

const developerEstimate = (line: Record<string, unknown> = {}) => ({
  lines: [{ role: 'Developer', hours: 100, ...line }],
  price: usd('5500.00'),
  startDate: '2026-03-02',
  endDate: '2026-04-30',
  scope: 'Reporting portal',
});

const FIGURES = `estimate { cost { amount } margin { amount } marginPercent lines { role costRate { amount } billRate { amount } } }
  signingBlockers`;

describe('estimates costed from finance’s role card', () => {
  it('costs 100 h of Developer at the card’s 50.00 and needs FINANCE whatever cost rate the seller types', async () => {
    const id = await api.createOpportunity(await api.createClient());
    const before = await api.rowCounts();
    // The seller types 1.00 to fake a 98 % margin: refused, the field named, the card's rate given.
    const typed = await api.setEstimate(
      id,
      developerEstimate({ costRate: usd('1.00'), billRate: usd('55.00') }),
    );
    expect(typed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.lines.0.costRate',
    });
    expect(typed.errors?.[0].message).toContain('50.00 USD');
    expect(await api.rowCounts()).toEqual(before);

    await api.estimate(id, developerEstimate({ billRate: usd('55.00') }));
    await api.submit(id);
    // cost = 6000 min × 50.00 / 60 = 5,000.00; margin = 5,500.00 − 5,000.00 = 500.00;
    // margin % = 500 / 5500 × 100 = 9.0909 < 20: FINANCE must approve as well as DELIVERY.
    const seen = await api.opportunity<{ estimate: Record<string, unknown>; signingBlockers: string[] }>(
      id,
      people.seller,
      FIGURES,
    );
    expect(seen.estimate).toEqual({
      cost: { amount: '5000.00' },
      margin: { amount: '500.00' },
      marginPercent: 9.0909,
      lines: [{ role: 'Developer', costRate: { amount: '50.00' }, billRate: { amount: '55.00' } }],
    });
    expect(seen.signingBlockers).toEqual([
      'Needs a DELIVERY approval of estimate revision 1',
      expect.stringMatching(/needs a FINANCE approval of revision 1$/),
    ]);

    // The DELIVERY reviewer judges the same numbers.
    const reviewer = await api.opportunity<{ estimate: Record<string, unknown> }>(
      id,
      people.delivery,
      FIGURES,
    );
    expect(reviewer.estimate).toMatchObject({ cost: { amount: '5000.00' }, marginPercent: 9.0909 });

    expect((await api.review(id, 'DELIVERY', 'APPROVED', people.delivery)).errors).toBeUndefined();
    expect((await api.sign(id)).errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('defaults the bill rate to the card’s and blocks signing, in plain words, for a role without a cost rate', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, {
      ...developerEstimate(),
      lines: [
        { role: ' developer ', hours: 100 },
        { role: 'Architect', hours: 10, billRate: usd('250.00') },
      ],
      price: usd('9000.00'),
    });
    await api.submit(id);
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    await api.review(id, 'FINANCE', 'APPROVED', people.finance);
    const seen = await api.opportunity<{ estimate: Record<string, unknown>; signingBlockers: string[] }>(
      id,
      people.seller,
      FIGURES,
    );
    expect(seen.estimate).toEqual({
      cost: null,
      margin: null,
      marginPercent: null,
      lines: [
        { role: 'developer', costRate: { amount: '50.00' }, billRate: { amount: '60.00' } },
        { role: 'Architect', costRate: null, billRate: { amount: '250.00' } },
      ],
    });
    expect(seen.signingBlockers).toEqual([
      'No cost rate for role Architect on 2026-03-02; finance sets it, then the estimate is saved again',
    ]);
    const signed = await api.sign(id);
    expect(signed.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(signed.errors?.[0].message).toContain('No cost rate for role Architect');
  });

  it('shows DELIVERY’s counter-estimate beside the seller’s, costed at the card', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, developerEstimate({ billRate: usd('55.00') }));
    await api.submit(id);
    const response = await service.query(
      `mutation($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { stage } }`,
      {
        input: {
          opportunityId: id,
          discipline: 'DELIVERY',
          decision: 'CHANGES_REQUESTED',
          comment: 'Reporting alone takes 130 h',
          suggestedLines: [{ role: 'Developer', hours: 130 }],
        },
      },
      people.delivery,
    );
    expect(response.errors).toBeUndefined();
    const fields = `deliveryEstimate { reviewer { id } estimateRevision totalHours cost { amount } margin { amount } marginPercent
                      lines { role hours costRate { amount } } }
                    estimate { cost { amount } }`;
    // cost = 7800 min × 50.00 / 60 = 6,500.00; margin = 5,500.00 − 6,500.00 = −1,000.00;
    // margin % = −1000 / 5500 × 100 = −18.1818 (people read −18.18 %), beside the seller's 9.09 %.
    const seen = await api.opportunity<Record<string, unknown>>(id, people.seller, fields);
    expect(seen).toEqual({
      deliveryEstimate: {
        reviewer: { id: people.delivery.sub },
        estimateRevision: 1,
        totalHours: 130,
        cost: { amount: '6500.00' },
        margin: { amount: '-1000.00' },
        marginPercent: -18.1818,
        lines: [{ role: 'Developer', hours: 130, costRate: { amount: '50.00' } }],
      },
      estimate: { cost: { amount: '5000.00' } },
    });
    // A MEMBER sees the hours but no cost figure.
    const member = await service.query<{ opportunity: Record<string, unknown> }>(
      `query($id: ID!) { opportunity(id: $id) { deliveryEstimate { totalHours cost { amount } marginPercent } } }`,
      { id },
      people.member,
    );
    expect(member.data?.opportunity).toEqual({
      deliveryEstimate: { totalHours: 130, cost: null, marginPercent: null },
    });
    expect(member.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('takes a counter-estimate only from DELIVERY requesting changes', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, developerEstimate({ billRate: usd('55.00') }));
    await api.submit(id);
    const before = await api.rowCounts();
    const response = await service.query(
      `mutation($input: ReviewOpportunityInput!) { reviewOpportunity(input: $input) { stage } }`,
      {
        input: {
          opportunityId: id,
          discipline: 'FINANCE',
          decision: 'CHANGES_REQUESTED',
          suggestedLines: [{ role: 'Developer', hours: 130 }],
        },
      },
      people.finance,
    );
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.suggestedLines',
    });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('freezes the contract’s rate table: each role’s bill rate and hours', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, {
      ...developerEstimate(),
      lines: [
        { role: 'Developer', hours: 60, billRate: usd('70.00') },
        { role: 'developer', hours: 40, billRate: usd('70.00') },
      ],
      price: usd('7000.00'),
    });
    await api.submit(id);
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    const signed = await api.sign(id);
    expect(signed.errors).toBeUndefined();
    const contract = await api.ok<{ contract: { rates: unknown[] } }>(
      `query($id: ID!) { contract(id: $id) { rates { role hours billRate { amount currency } } } }`,
      { id: signed.data!.signContract.id },
    );
    // Both lines are one role: 60 h + 40 h = 100 h at 70.00.
    expect(contract.contract.rates).toEqual([
      { role: 'Developer', hours: 100, billRate: { amount: '70.00', currency: 'USD' } },
    ]);
  });
});
