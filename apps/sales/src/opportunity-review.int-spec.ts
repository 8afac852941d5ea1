import { startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';
import { healthyEstimate, people, SalesApi, thinEstimate, publishRoleCard } from './testing/sales-fixtures';

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

/** A client, an opportunity of the seller, an estimate and a submission: ready for reviews. */
async function inReview(estimate = healthyEstimate()): Promise<string> {
  const clientId = await api.createClient();
  const id = await api.createOpportunity(clientId);
  await api.estimate(id, estimate);
  const submitted = await api.submit(id);
  expect(submitted.data?.submitForReview.stage).toBe('IN_REVIEW');
  return id;
}

describe('sales: opportunities and the review gate', () => {
  it('creates an opportunity in QUALIFYING owned by the caller, for an existing client', async () => {
    const clientId = await api.createClient('Globex');
    const id = await api.createOpportunity(clientId);
    const opportunity = await api.opportunity(id, people.member);
    expect(opportunity).toMatchObject({
      stage: 'QUALIFYING',
      owner: { id: people.seller.sub },
      client: { id: clientId, name: 'Globex' },
      estimate: null,
      reviews: [],
      contract: null,
      signingBlockers: ['No estimate yet'],
    });
  });

  it('lets only SALES and ADMIN create clients and opportunities', async () => {
    const clientId = await api.createClient('Initech', people.admin);
    for (const who of [people.member, people.delivery, people.finance]) {
      const client = await api.fails(`mutation { createClient(input: { name: "Nope" }) { id } }`, {}, who);
      expect(client.code).toBe('FORBIDDEN');
      const opportunity = await api.fails(
        `mutation($c: ID!) { createOpportunity(input: { clientId: $c, title: "T", pricingModel: RETAINER }) { id } }`,
        { c: clientId },
        who,
      );
      expect(opportunity.code).toBe('FORBIDDEN');
    }
    await expect(api.createOpportunity(clientId, people.admin)).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an opportunity for a client that does not exist', async () => {
    const before = await api.rowCounts();
    const error = await api.fails(
      `mutation($c: ID!) { createOpportunity(input: { clientId: $c, title: "T", pricingModel: FIXED_FEE }) { id } }`,
      { c: '9f0e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c' },
      people.seller,
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.clientId' });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('estimates move the opportunity to ESTIMATING and bump the revision on every change', async () => {
    const id = await api.createOpportunity(await api.createClient());
    const first = await api.setEstimate(id, healthyEstimate());
    expect(first.data?.setEstimate).toEqual({ stage: 'ESTIMATING', estimate: { revision: 1 } });
    const second = await api.setEstimate(id, { ...healthyEstimate(), scope: 'Portal and mobile app' });
    expect(second.data?.setEstimate).toEqual({ stage: 'ESTIMATING', estimate: { revision: 2 } });
    const opportunity = await api.opportunity<{ estimate: Record<string, unknown> }>(id, people.seller);
    expect(opportunity.estimate).toEqual({
      revision: 2,
      totalHours: 11.25,
      price: { amount: '1200.00', currency: 'USD' },
      startDate: '2026-03-02',
      endDate: '2026-04-30',
      scope: 'Portal and mobile app',
    });
  });

  it('lets only the owner edit, submit and sign, not even an ADMIN', async () => {
    const id = await inReview();
    for (const who of [people.otherSeller, people.admin]) {
      expect((await api.setEstimate(id, healthyEstimate(), who)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await api.submit(id, who)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await api.sign(id, who)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await api.revisionOf(id)).toBe(1);
  });

  it('needs an estimate before it can be submitted for review', async () => {
    const id = await api.createOpportunity(await api.createClient());
    const response = await api.submit(id);
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['No estimate yet'],
    });
    expect((await api.opportunity<{ stage: string }>(id)).stage).toBe('QUALIFYING');
  });

  it('takes reviews only of an estimate submitted for review', async () => {
    const id = await api.createOpportunity(await api.createClient());
    await api.estimate(id, healthyEstimate());
    const before = await api.rowCounts();
    const response = await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    expect(response.errors?.[0].extensions?.code).toBe('PRECONDITION_FAILED');
    expect(await api.rowCounts()).toEqual(before);
  });

  it('lets only holders of the discipline’s role review for it', async () => {
    const id = await inReview();
    const bySeller = await api.review(id, 'DELIVERY', 'APPROVED', people.otherSeller);
    expect(bySeller.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const financeByDelivery = await api.review(id, 'FINANCE', 'APPROVED', people.delivery);
    expect(financeByDelivery.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const deliveryByFinance = await api.review(id, 'DELIVERY', 'APPROVED', people.finance);
    expect(deliveryByFinance.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.opportunity<{ reviews: unknown[] }>(id)).reviews).toEqual([]);
    const byAdmin = await api.review(id, 'DELIVERY', 'APPROVED', people.admin);
    expect(byAdmin.data?.reviewOpportunity.stage).toBe('APPROVED');
  });

  it('never lets the opportunity owner review it, even as ADMIN', async () => {
    const id = await api.createOpportunity(
      await api.createClient('Own Review Inc', people.admin),
      people.admin,
    );
    await api.estimate(id, healthyEstimate(), people.admin);
    await api.submit(id, people.admin);
    const response = await api.review(id, 'DELIVERY', 'APPROVED', people.admin);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.opportunity<{ reviews: unknown[] }>(id)).reviews).toEqual([]);
  });

  it('refuses to sign without a delivery approval of the current estimate', async () => {
    const id = await inReview();
    const before = await api.rowCounts();
    const response = await api.sign(id);
    expect(response.errors?.[0].message).toContain('Needs a DELIVERY approval of estimate revision 1');
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['Needs a DELIVERY approval of estimate revision 1'],
    });
    expect(await api.rowCounts()).toEqual(before);
  });

  it('approves after a delivery review of the current revision and signs the contract', async () => {
    const id = await inReview();
    const reviewed = await api.review(id, 'DELIVERY', 'APPROVED', people.delivery, 'Realistic plan');
    expect(reviewed.data?.reviewOpportunity).toEqual({ stage: 'APPROVED', signingBlockers: [] });

    const signed = await api.sign(id);
    expect(signed.errors).toBeUndefined();
    expect(signed.data?.signContract).toMatchObject({
      value: { amount: '1200.00', currency: 'USD' },
      pricingModel: 'FIXED_FEE',
      startDate: '2026-03-02',
      endDate: '2026-04-30',
      budgetHours: 11.25,
      scope: 'Customer portal, phase one',
      opportunity: { id, stage: 'WON' },
    });
    const opportunity = await api.opportunity<Record<string, unknown>>(id, people.member);
    expect(opportunity).toMatchObject({
      stage: 'WON',
      signingBlockers: ['Already signed'],
      contract: { id: signed.data?.signContract.id },
      reviews: [
        {
          reviewer: { id: people.delivery.sub },
          discipline: 'DELIVERY',
          decision: 'APPROVED',
          comment: 'Realistic plan',
          estimateRevision: 1,
        },
      ],
    });
  });

  it('refuses to sign twice with CONFLICT', async () => {
    const id = await inReview();
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    expect((await api.sign(id)).errors).toBeUndefined();
    const before = await api.rowCounts();
    const again = await api.sign(id);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await api.rowCounts()).toEqual(before);
  });

  it('voids approvals of earlier revisions when the estimate changes', async () => {
    const id = await inReview();
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    const changed = await api.setEstimate(id, { ...healthyEstimate(), endDate: '2026-05-29' });
    expect(changed.data?.setEstimate).toEqual({ stage: 'ESTIMATING', estimate: { revision: 2 } });

    const opportunity = await api.opportunity<{
      signingBlockers: string[];
      reviews: Array<{ estimateRevision: number }>;
    }>(id);
    expect(opportunity.signingBlockers).toEqual(['Needs a DELIVERY approval of estimate revision 2']);
    expect(opportunity.reviews.map((r) => r.estimateRevision)).toEqual([1]);
    expect((await api.sign(id)).errors?.[0].extensions?.code).toBe('PRECONDITION_FAILED');

    await api.submit(id);
    const again = await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    expect(again.data?.reviewOpportunity).toEqual({ stage: 'APPROVED', signingBlockers: [] });
  });

  it('needs a finance approval too when the estimated margin is under the threshold', async () => {
    const id = await inReview(thinEstimate());
    const delivered = await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    expect(delivered.data?.reviewOpportunity).toEqual({
      stage: 'IN_REVIEW',
      signingBlockers: ['Estimated margin 6.05% is under 20%: needs a FINANCE approval of revision 1'],
    });
    const refused = await api.sign(id);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['Estimated margin 6.05% is under 20%: needs a FINANCE approval of revision 1'],
    });
    const financed = await api.review(id, 'FINANCE', 'APPROVED', people.finance);
    expect(financed.data?.reviewOpportunity).toEqual({ stage: 'APPROVED', signingBlockers: [] });
    expect((await api.sign(id)).errors).toBeUndefined();
  });

  it('never states the margin in signingBlockers to a reader who may not see it', async () => {
    const id = await inReview(thinEstimate());
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    for (const who of [people.member, people.otherSeller]) {
      const seen = await api.opportunity<{ signingBlockers: string[] }>(id, who, 'signingBlockers');
      expect(seen.signingBlockers).toEqual([
        'The estimated margin is under the threshold: needs a FINANCE approval of revision 1',
      ]);
      expect(JSON.stringify(seen)).not.toMatch(/\d+(\.\d+)?%/);
    }
    for (const who of [people.seller, people.delivery2, people.finance, people.admin]) {
      const seen = await api.opportunity<{ signingBlockers: string[] }>(id, who, 'signingBlockers');
      expect(seen.signingBlockers).toEqual([
        'Estimated margin 6.05% is under 20%: needs a FINANCE approval of revision 1',
      ]);
    }
  });

  it('withdraws the approval when the same reviewer later requests changes', async () => {
    const id = await inReview();
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    const withdrawn = await api.review(
      id,
      'DELIVERY',
      'CHANGES_REQUESTED',
      people.delivery,
      'Too few QA hours',
    );
    expect(withdrawn.data?.reviewOpportunity).toEqual({
      stage: 'IN_REVIEW',
      signingBlockers: ['Needs a DELIVERY approval of estimate revision 1'],
    });
  });

  it('refuses to sign a lost opportunity with PRECONDITION_FAILED', async () => {
    const id = await inReview();
    await api.review(id, 'DELIVERY', 'APPROVED', people.delivery);
    const lost = await api.ok<{ markOpportunityLost: { stage: string; lostReason: string } }>(
      `mutation($id: ID!) { markOpportunityLost(opportunityId: $id, reason: "Went with a competitor") { stage lostReason } }`,
      { id },
      people.seller,
    );
    expect(lost.markOpportunityLost).toEqual({ stage: 'LOST', lostReason: 'Went with a competitor' });
    const response = await api.sign(id);
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      missing: ['Opportunity is lost'],
    });
    expect((await api.opportunity<{ signingBlockers: string[] }>(id)).signingBlockers).toEqual([
      'Opportunity is lost',
    ]);
  });

  it('marks lost only by the owner or an ADMIN, with a reason, and never after signing', async () => {
    const lose = (id: string, reason: string, who: typeof people.seller) =>
      api.service.query<{ markOpportunityLost: { stage: string } }>(
        `mutation($id: ID!, $r: String!) { markOpportunityLost(opportunityId: $id, reason: $r) { stage } }`,
        { id, r: reason },
        who,
      );
    const id = await inReview();
    expect((await lose(id, '  ', people.seller)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect((await lose(id, 'Budget cut', people.otherSeller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.opportunity<{ stage: string }>(id)).stage).toBe('IN_REVIEW');
    expect((await lose(id, 'Budget cut', people.admin)).data?.markOpportunityLost.stage).toBe('LOST');

    const signed = await inReview();
    await api.review(signed, 'DELIVERY', 'APPROVED', people.delivery);
    await api.sign(signed);
    expect((await lose(signed, 'Changed our mind', people.seller)).errors?.[0].extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await api.opportunity<{ stage: string }>(signed)).stage).toBe('WON');
  });

  it('answers NOT_FOUND for an opportunity that does not exist', async () => {
    const response = await api.sign('9f0e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c');
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'opportunityId' });
  });

  it('lists opportunities newest first, optionally of one stage', async () => {
    const clientId = await api.createClient('Listing Ltd');
    const older = await api.createOpportunity(clientId, people.seller, 'Older');
    const newer = await api.createOpportunity(clientId, people.seller, 'Newer');
    await api.estimate(newer, healthyEstimate());
    const all = await api.ok<{ client: { opportunities: Array<{ id: string }> } }>(
      `query($id: ID!) { client(id: $id) { opportunities { id } } }`,
      { id: clientId },
      people.member,
    );
    expect(all.client.opportunities.map((o) => o.id)).toEqual([newer, older]);
    const estimating = await api.ok<{ opportunities: Array<{ id: string; stage: string }> }>(
      `{ opportunities(stage: ESTIMATING) { id stage } }`,
      {},
      people.member,
    );
    expect(estimating.opportunities.map((o) => o.id)).toContain(newer);
    expect(estimating.opportunities.map((o) => o.id)).not.toContain(older);
    expect(new Set(estimating.opportunities.map((o) => o.stage))).toEqual(new Set(['ESTIMATING']));
  });
});
