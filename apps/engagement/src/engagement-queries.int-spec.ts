import { randomUUID } from 'node:crypto';
import { identity, startTestService, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import { applied, contractSigned, event, feed, teamMember } from './testing/event-feed';
import { firstError } from './testing/graphql';

let service: TestService;
const clientId = randomUUID();
const PAGE_SIZE = 55;
let ids: string[] = [];
let contractIds: string[] = [];

beforeAll(async () => {
  service = await startTestService(engagementService);
  const signed = Array.from({ length: PAGE_SIZE }, () => contractSigned({ clientId }));
  await feed(service, 'sales', signed);
  await applied(service, signed);
  contractIds = signed.map((s) => s.payload.contractId);
  ids = contractIds.map(engagementIdForContract);
});

afterAll(async () => {
  await service?.close();
});

interface Page {
  engagements: {
    edges: Array<{ cursor: string; node: { id: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const PAGE = `query ($filter: EngagementFilter, $first: Int, $after: String) {
  engagements(filter: $filter, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount }
}`;

describe('engagement queries', () => {
  it('pages engagements newest first by openedAt then id with an opaque cursor, totalCount and hasNextPage', async () => {
    const expected = await service.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM engagements WHERE client_id = $1 ORDER BY opened_at DESC, id DESC`,
      [clientId],
    );
    const seen: string[] = [];
    const hasNext: boolean[] = [];
    let after: string | null = null;
    do {
      const res: { data?: Page | null; errors?: unknown } = await service.query<Page>(PAGE, {
        filter: { clientId },
        first: 20,
        after,
      });
      expect(res.errors).toBeUndefined();
      const page: Page['engagements'] = res.data!.engagements;
      expect(page.totalCount).toBe(PAGE_SIZE);
      seen.push(...page.edges.map((e) => e.node.id));
      hasNext.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(hasNext).toEqual([true, true, false]);
    expect(seen).toEqual(expected.map((r) => r.id));
    expect(new Set(seen).size).toBe(PAGE_SIZE);
  });

  it('refuses more than 200 engagements a page and a cursor it did not issue', async () => {
    expect(firstError(await service.query(PAGE, { first: 201 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(firstError(await service.query(PAGE, { first: 5, after: 'bm90LWEtY3Vyc29y' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it('filters engagements by status and client', async () => {
    const other = contractSigned();
    await feed(service, 'sales', [other]);
    await applied(service, [other]);
    const byClient = await service.query<Page>(PAGE, {
      filter: { clientId: other.payload.clientId },
      first: 10,
    });
    expect(byClient.data!.engagements.edges.map((e) => e.node.id)).toEqual([
      engagementIdForContract(other.payload.contractId),
    ]);
    const handoff = await service.query<Page>(PAGE, { filter: { status: 'HANDOFF' }, first: 1 });
    expect(handoff.data!.engagements.totalCount).toBe(PAGE_SIZE + 1);
    const active = await service.query<Page>(PAGE, { filter: { status: 'ACTIVE' }, first: 10 });
    expect(active.data!.engagements.totalCount).toBe(0);
  });

  it('serves a page of 50 engagements with handoff, change orders and review in a constant number of SQL statements', async () => {
    const requester = identity(randomUUID(), ['SALES']);
    for (const id of ids.slice(0, 3)) {
      const res = await service.query(
        `mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }`,
        {
          input: {
            engagementId: id,
            description: 'More',
            amountDelta: { amount: '10.00', currency: 'EUR' },
            hoursDelta: 2,
            scheduleDeltaDays: 0,
          },
        },
        requester,
      );
      expect(res.errors).toBeUndefined();
    }
    const query = `query ($first: Int) { engagements(filter: { clientId: "${clientId}" }, first: $first) { totalCount edges { node {
      id name status atRisk client { id } contract { id } accountManager { id } deliveryOwner { id }
      handoff { completedAt leadTimeHours overdue deadline checklist { kind done doneAt } }
      changeOrders { id amountDelta { amount currency } hoursDelta requestedBy { id } }
      review { satisfaction }
    } } } }`;
    const small = await service.queries.measure(() => service.query<Page>(query, { first: 5 }));
    const large = await service.queries.measure(() => service.query<Page>(query, { first: 50 }));
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data!.engagements.edges).toHaveLength(50);
    // rows + count + handoff facts + change orders + reviews + margin alerts
    expect(large.queries).toBeLessThanOrEqual(6);
    expect(large.queries).toBe(small.queries);
  });

  it('resolves Engagement references, Client.engagements and Contract.engagement in batches', async () => {
    const reps = ids.slice(0, 50).map((id) => ({ __typename: 'Engagement', id }));
    const refs = await service.queries.measure(() =>
      service.query<{ _entities: Array<{ id: string; handoff: { checklist: unknown[] } } | null> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { id handoff { checklist { kind } } } } }`,
        { reps },
      ),
    );
    expect(refs.result.data!._entities.map((e) => e?.id)).toEqual(ids.slice(0, 50));
    expect(refs.queries).toBeLessThanOrEqual(2);

    const contracts = await service.queries.measure(() =>
      service.query<{ _entities: Array<{ engagement: { id: string } | null }> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Contract { engagement { id } } } }`,
        { reps: [...contractIds.slice(0, 50), randomUUID()].map((id) => ({ __typename: 'Contract', id })) },
      ),
    );
    expect(contracts.result.data!._entities.map((c) => c.engagement?.id ?? null)).toEqual([
      ...ids.slice(0, 50),
      null,
    ]);
    expect(contracts.queries).toBeLessThanOrEqual(1);

    const clients = await service.query<{ _entities: Array<{ engagements: Array<{ id: string }> }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Client { engagements { id } } } }`,
      {
        reps: [
          { __typename: 'Client', id: clientId },
          { __typename: 'Client', id: randomUUID() },
        ],
      },
    );
    expect(clients.data!._entities[0].engagements).toHaveLength(PAGE_SIZE);
    expect(clients.data!._entities[1].engagements).toEqual([]);
  });

  it('ranks active DELIVERY members by availability over the engagement dates and current load', async () => {
    const [roomy, loaded, full, seller, gone] = Array.from({ length: 5 }, () => randomUUID());
    const members = [
      teamMember(roomy, ['DELIVERY'], { name: 'Roomy' }),
      teamMember(loaded, ['DELIVERY'], { name: 'Loaded' }),
      teamMember(full, ['DELIVERY'], { name: 'Full' }),
      teamMember(seller, ['SALES'], { name: 'Seller' }),
      teamMember(gone, ['DELIVERY'], { name: 'Gone', active: false }),
    ];
    // 2026-03-02 .. 2026-03-13: ten working days, 80 h of capacity at 40 h a week.
    const target = contractSigned({ startDate: '2026-03-02', endDate: '2026-03-13' });
    const elsewhere = contractSigned({ startDate: '2026-01-01', endDate: '2026-12-31' });
    const allocationId = randomUUID();
    const allocation = (minutesPerWeek: number, at: string, memberId = loaded, id = allocationId) =>
      event(
        'AllocationChanged',
        {
          allocationId: id,
          memberId,
          projectId: randomUUID(),
          engagementId: randomUUID(),
          minutesPerWeek,
          from: '2026-01-01',
          to: '2026-12-31',
        },
        { occurredAt: new Date(at) },
      );
    const allocations = [
      allocation(40 * 60, '2026-02-01T00:00:00Z'),
      allocation(20 * 60, '2026-02-02T00:00:00Z'),
      // A stale change delivered last does not replace the newer one.
      allocation(60 * 60, '2026-01-31T00:00:00Z'),
      allocation(40 * 60, '2026-02-01T00:00:00Z', full, randomUUID()),
    ];
    await feed(service, 'delivery', [...members, ...allocations]);
    await feed(service, 'sales', [target, elsewhere]);
    await applied(service, [...members, ...allocations, target, elsewhere]);
    const roles = await service.query(
      `mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }`,
      {
        input: {
          engagementId: engagementIdForContract(elsewhere.payload.contractId),
          accountManagerId: seller,
          deliveryOwnerId: roomy,
        },
      },
    );
    expect(roles.errors).toBeUndefined();

    const res = await service.query<{
      ownerSuggestions: Array<{
        member: { id: string };
        availableHours: number;
        activeEngagements: number;
        score: number;
      }>;
    }>(
      `query ($id: ID!) { ownerSuggestions(engagementId: $id, first: 5) { member { id } availableHours activeEngagements score } }`,
      {
        id: engagementIdForContract(target.payload.contractId),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.ownerSuggestions).toEqual([
      { member: { id: roomy }, availableHours: 80, activeEngagements: 1, score: 90 },
      { member: { id: loaded }, availableHours: 40, activeEngagements: 0, score: 50 },
      { member: { id: full }, availableHours: 0, activeEngagements: 0, score: 0 },
    ]);

    const owned = await service.query<{ _entities: Array<{ ownedEngagements: Array<{ id: string }> }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on TeamMember { ownedEngagements { id } } } }`,
      { reps: [roomy, seller, loaded].map((id) => ({ __typename: 'TeamMember', id })) },
    );
    const elsewhereId = engagementIdForContract(elsewhere.payload.contractId);
    expect(owned.data!._entities.map((m) => m.ownedEngagements.map((e) => e.id))).toEqual([
      [elsewhereId],
      [elsewhereId],
      [],
    ]);
  });
  it("takes time off out of a member's room, and gives it back when the time off is cancelled", async () => {
    const [away, here] = [randomUUID(), randomUUID()];
    const members = [
      teamMember(away, ['DELIVERY'], { name: 'Away' }),
      teamMember(here, ['DELIVERY'], { name: 'Here' }),
    ];
    // 2026-03-02 .. 2026-03-13: ten working days, 80 h of capacity at 40 h a week.
    const target = contractSigned({ startDate: '2026-03-02', endDate: '2026-03-13' });
    const timeOffId = randomUUID();
    // A week off (Mon 03-02 .. Fri 03-06), 8 h a day: 40 h off → 80 − 40 = 40 h available, score 50.
    const off = event('TimeOffRecorded', {
      timeOffId,
      memberId: away,
      from: '2026-03-02',
      to: '2026-03-06',
      minutesPerDay: 8 * 60,
      recordedAt: new Date().toISOString(),
    });
    // Outside the engagement's dates: changes nothing.
    const later = event('TimeOffRecorded', {
      timeOffId: randomUUID(),
      memberId: here,
      from: '2026-04-06',
      to: '2026-04-10',
      minutesPerDay: 8 * 60,
      recordedAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [...members, off, later]);
    await feed(service, 'sales', [target]);
    await applied(service, [...members, off, later, target]);
    const suggestions = async () => {
      const res = await service.query<{
        ownerSuggestions: Array<{ member: { id: string }; availableHours: number; score: number }>;
      }>(
        `query ($id: ID!) { ownerSuggestions(engagementId: $id, first: 50) { member { id } availableHours score } }`,
        { id: engagementIdForContract(target.payload.contractId) },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.ownerSuggestions.filter((s) => s.member.id === away || s.member.id === here);
    };
    expect(await suggestions()).toEqual([
      { member: { id: here }, availableHours: 80, score: 100 },
      { member: { id: away }, availableHours: 40, score: 50 },
    ]);
    const cancelled = event('TimeOffCancelled', {
      timeOffId,
      memberId: away,
      cancelledAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [cancelled]);
    await applied(service, [cancelled]);
    expect((await suggestions()).map((s) => [s.member.id, s.availableHours])).toEqual(
      expect.arrayContaining([
        [away, 80],
        [here, 80],
      ]),
    );
  });
});
