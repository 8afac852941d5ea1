import { randomUUID } from 'node:crypto';
import { eventually, identity, startTestService, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import { applied, contractSigned, event, feed, projectStarted, teamMember } from './testing/event-feed';
import { firstError } from './testing/graphql';

let service: TestService;
const am = randomUUID();
const owner = randomUUID();
const otherOwner = randomUUID();
const retired = randomUUID();
const seller = randomUUID();
const asOwner = identity(owner, ['DELIVERY']);
const asOtherDelivery = identity(otherOwner, ['DELIVERY']);
const asSeller = identity(seller, ['SALES']);
const asAdmin = identity(randomUUID(), ['ADMIN']);

beforeAll(async () => {
  service = await startTestService(engagementService);
  const members = [
    teamMember(am, ['SALES']),
    teamMember(owner, ['DELIVERY']),
    teamMember(otherOwner, ['DELIVERY']),
    teamMember(retired, ['DELIVERY'], { active: false }),
    teamMember(seller, ['SALES']),
  ];
  await feed(service, 'delivery', members);
  await applied(service, members);
});

afterAll(async () => {
  await service?.close();
});

async function openEngagement(currency = 'EUR'): Promise<string> {
  const signed = contractSigned({ accountManagerId: am, value: { amountMinor: '5000000', currency } });
  await feed(service, 'sales', [signed]);
  const id = engagementIdForContract(signed.payload.contractId);
  await eventually(async () => {
    const [row] = await service.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM engagements WHERE id = $1`,
      [id],
    );
    return row.n === 1;
  });
  return id;
}

/** Kicks the engagement off through the broker, as delivery would. */
async function kickOff(id: string, projectId = randomUUID()): Promise<string> {
  const started = projectStarted(id, new Date(), projectId);
  await feed(service, 'delivery', [started]);
  await applied(service, [started]);
  return projectId;
}

async function outboxCount(type: string, engagementId: string): Promise<number> {
  const [row] = await service.dataSource.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND envelope->'payload'->>'engagementId' = $2`,
    [type, engagementId],
  );
  return row.n;
}

const ASSIGN = `mutation ($input: AssignEngagementRolesInput!) {
  assignEngagementRoles(input: $input) { id accountManager { id } deliveryOwner { id } handoff { checklist { kind done doneAt } } }
}`;
type Assigned = {
  assignEngagementRoles: {
    handoff: { checklist: Array<{ kind: string; done: boolean; doneAt: string | null }> };
  };
};
const assign = (engagementId: string, accountManagerId: string, deliveryOwnerId: string, who = asOwner) =>
  service.query<Assigned>(ASSIGN, { input: { engagementId, accountManagerId, deliveryOwnerId } }, who);

const REQUEST = `mutation ($input: RequestChangeOrderInput!) {
  requestChangeOrder(input: $input) { id status description amountDelta { amount currency } hoursDelta scheduleDeltaDays requestedBy { id } requestedAt }
}`;
type Requested = {
  requestChangeOrder: {
    id: string;
    status: string;
    amountDelta: { amount: string; currency: string };
    hoursDelta: number;
  };
};
const request = (
  engagementId: string,
  who: ReturnType<typeof identity>,
  overrides: Record<string, unknown> = {},
) =>
  service.query<Requested>(
    REQUEST,
    {
      input: {
        engagementId,
        description: 'Two more dashboards',
        amountDelta: { amount: '1500.00', currency: 'EUR' },
        hoursDelta: -1.5,
        scheduleDeltaDays: 5,
        ...overrides,
      },
    },
    who,
  );

const DECIDE = `mutation ($id: ID!, $approve: Boolean!) { decideChangeOrder(changeOrderId: $id, approve: $approve) { id status decidedBy { id } decidedAt } }`;
const decide = (id: string, approve: boolean, who: ReturnType<typeof identity>) =>
  service.query<{ decideChangeOrder: { status: string; decidedBy: { id: string } } }>(
    DECIDE,
    { id, approve },
    who,
  );

const REVIEW = `mutation ($input: SubmitReviewInput!) { submitPostImplementationReview(input: $input) { id status review { satisfaction lessonsLearned submittedAt } } }`;
const review = (engagementId: string, satisfaction: number, who = asOwner) =>
  service.query<{
    submitPostImplementationReview: {
      status: string;
      review: { satisfaction: number; lessonsLearned: string | null };
    };
  }>(REVIEW, { input: { engagementId, satisfaction, lessonsLearned: 'Start the BRD earlier' } }, who);

const CLOSE = `mutation ($id: ID!) { closeEngagement(engagementId: $id) { id status closedAt } }`;
const close = (id: string, who = asOwner) =>
  service.query<{ closeEngagement: { status: string; closedAt: string | null } }>(CLOSE, { id }, who);

describe('engagement roles', () => {
  it('lets only DELIVERY or ADMIN assign roles', async () => {
    const id = await openEngagement();
    expect(firstError(await assign(id, am, owner, asSeller)).code).toBe('FORBIDDEN');
    expect((await assign(id, am, owner, asAdmin)).errors).toBeUndefined();
  });

  it('refuses the same person as account manager and delivery owner, and writes nothing', async () => {
    const id = await openEngagement();
    const error = firstError(await assign(id, owner, owner));
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', 'input.deliveryOwnerId']);
    const [row] = await service.dataSource.query<Array<{ delivery_owner_id: string | null }>>(
      `SELECT delivery_owner_id FROM engagements WHERE id = $1`,
      [id],
    );
    expect(row.delivery_owner_id).toBeNull();
    expect(await outboxCount('EngagementRolesAssigned', id)).toBe(0);
  });

  it('refuses a delivery owner without the DELIVERY role and unknown or inactive members', async () => {
    const id = await openEngagement();
    expect(firstError(await assign(id, owner, seller))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.deliveryOwnerId',
    });
    expect(firstError(await assign(id, am, retired))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.deliveryOwnerId',
    });
    expect(firstError(await assign(id, randomUUID(), owner))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.accountManagerId',
    });
    expect(firstError(await assign(randomUUID(), am, owner)).code).toBe('NOT_FOUND');
  });

  it('assigns the roles, publishes EngagementRolesAssigned and ticks OWNER_ASSIGNED the first time only', async () => {
    const id = await openEngagement();
    const first = await assign(id, am, owner);
    expect(first.errors).toBeUndefined();
    const firstTick = first.data!.assignEngagementRoles.handoff.checklist.find(
      (i) => i.kind === 'OWNER_ASSIGNED',
    )!;
    expect(firstTick.done).toBe(true);
    const second = await assign(id, am, otherOwner);
    expect(second.errors).toBeUndefined();
    expect(
      second.data!.assignEngagementRoles.handoff.checklist.find((i) => i.kind === 'OWNER_ASSIGNED')!.doneAt,
    ).toBe(firstTick.doneAt);
    expect(await outboxCount('EngagementRolesAssigned', id)).toBe(2);
  });
});

describe('change orders', () => {
  it('refuses a change order in another currency than the contract, an empty description and fractions of a minute', async () => {
    const id = await openEngagement('EUR');
    expect(
      firstError(await request(id, asSeller, { amountDelta: { amount: '10.00', currency: 'USD' } })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.amountDelta.currency',
    });
    expect(firstError(await request(id, asSeller, { description: '   ' }))).toMatchObject({
      field: 'input.description',
    });
    expect(firstError(await request(id, asSeller, { hoursDelta: 0.001 }))).toMatchObject({
      field: 'input.hoursDelta',
    });
    const [row] = await service.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM change_orders WHERE engagement_id = $1`,
      [id],
    );
    expect(row.n).toBe(0);
  });

  it('lets SALES or DELIVERY request a change order, not FINANCE or MEMBER', async () => {
    const id = await openEngagement();
    expect(firstError(await request(id, identity(randomUUID(), ['FINANCE']))).code).toBe('FORBIDDEN');
    expect(firstError(await request(id, identity(randomUUID(), ['MEMBER']))).code).toBe('FORBIDDEN');
    const res = await request(id, asSeller);
    expect(res.errors).toBeUndefined();
    expect(res.data!.requestChangeOrder).toMatchObject({
      status: 'REQUESTED',
      amountDelta: { amount: '1500.00', currency: 'EUR' },
      hoursDelta: -1.5,
    });
  });

  it('is decided by the delivery owner or an ADMIN, never the requester, only once, and approval publishes ChangeOrderApproved', async () => {
    const id = await openEngagement();
    expect((await assign(id, am, owner)).errors).toBeUndefined();

    const own = (await request(id, asOwner)).data!.requestChangeOrder.id;
    expect(firstError(await decide(own, true, asOwner)).code).toBe('FORBIDDEN');
    expect((await decide(own, false, asAdmin)).data!.decideChangeOrder.status).toBe('REJECTED');

    const co = (await request(id, asSeller)).data!.requestChangeOrder.id;
    expect(firstError(await decide(co, true, asOtherDelivery)).code).toBe('FORBIDDEN');
    expect(await outboxCount('ChangeOrderApproved', id)).toBe(0);
    const plan = () =>
      service.dataSource.query<Array<{ end_date: string; budget_minutes: number }>>(
        `SELECT end_date::text AS end_date, budget_minutes FROM engagements WHERE id = $1`,
        [id],
      );
    const [signed] = await plan();
    const approved = await decide(co, true, asOwner);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decideChangeOrder).toMatchObject({ status: 'APPROVED', decidedBy: { id: owner } });
    // The engagement's own plan moves with it: end date +5 days, budget −90 minutes.
    const [moved] = await plan();
    expect(moved.budget_minutes).toBe(signed.budget_minutes - 90);
    expect(Date.parse(moved.end_date) - Date.parse(signed.end_date)).toBe(5 * 86_400_000);
    expect(firstError(await decide(co, false, asOwner)).code).toBe('CONFLICT');

    const [published] = await service.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE type = 'ChangeOrderApproved' AND envelope->'payload'->>'engagementId' = $1`,
      [id],
    );
    expect(published.payload).toMatchObject({
      changeOrderId: co,
      amountDelta: { amountMinor: '150000', currency: 'EUR' },
      minutesDelta: -90,
      scheduleDeltaDays: 5,
    });
    expect(await outboxCount('ChangeOrderApproved', id)).toBe(1);
  });

  it('adds a role’s bill rate to the contract on approval (RequestChangeOrderInput.rates), refusing bad rates by field', async () => {
    const id = await openEngagement();
    expect((await assign(id, am, owner)).errors).toBeUndefined();
    const twice = await request(id, asSeller, {
      rates: [
        { role: 'Architect', billRate: { amount: '250.00', currency: 'EUR' } },
        { role: ' architect ', billRate: { amount: '240.00', currency: 'EUR' } },
      ],
    });
    expect(firstError(twice)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rates.1.role' });
    const dollars = await request(id, asSeller, {
      rates: [{ role: 'Architect', billRate: { amount: '250.00', currency: 'USD' } }],
    });
    expect(firstError(dollars)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.rates.0.billRate.currency',
    });

    const co = (
      await request(id, asSeller, {
        rates: [{ role: ' Architect ', billRate: { amount: '250.00', currency: 'EUR' } }],
      })
    ).data!.requestChangeOrder.id;
    expect((await decide(co, true, asOwner)).errors).toBeUndefined();
    const [published] = await service.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE type = 'ChangeOrderApproved' AND envelope->'payload'->>'changeOrderId' = $1`,
      [co],
    );
    expect(published.payload).toMatchObject({
      rates: [{ role: 'Architect', billRate: { amountMinor: '25000', currency: 'EUR' } }],
    });
  });
});

describe('review and closing', () => {
  it('takes one post-implementation review with satisfaction 1 to 5 and moves the engagement to CLOSING', async () => {
    const id = await openEngagement();
    await kickOff(id);
    expect(firstError(await review(id, 6))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.satisfaction',
    });
    expect(firstError(await review(id, 4, asSeller)).code).toBe('FORBIDDEN');
    const res = await review(id, 4);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitPostImplementationReview).toMatchObject({
      status: 'CLOSING',
      review: { satisfaction: 4, lessonsLearned: 'Start the BRD earlier' },
    });
    expect(firstError(await review(id, 5)).code).toBe('CONFLICT');
  });

  it("lets the engagement's account manager submit the review without a DELIVERY role", async () => {
    const id = await openEngagement();
    expect((await assign(id, am, owner)).errors).toBeUndefined();
    await kickOff(id);
    const res = await review(id, 5, identity(am, ['SALES']));
    expect(res.errors).toBeUndefined();
  });

  it('closes only with the review in and every known project completed or cancelled, naming what is missing', async () => {
    const id = await openEngagement();
    expect((await assign(id, am, owner)).errors).toBeUndefined();
    const done = await kickOff(id);
    const open = randomUUID();
    const created = event('ProjectCreated', {
      projectId: open,
      engagementId: id,
      name: 'Phase 2',
      startDate: '2026-03-02',
      dueDate: '2026-04-30',
      budgetMinutes: 6000,
      createdAt: new Date().toISOString(),
    });
    const completed = event('ProjectCompleted', {
      projectId: done,
      engagementId: id,
      completedAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [created, completed]);
    await applied(service, [created, completed]);

    const before = firstError(await close(id));
    expect(before.code).toBe('PRECONDITION_FAILED');
    expect(before.missing).toEqual(['review', `project:${open}`]);

    expect((await review(id, 3)).errors).toBeUndefined();
    expect(firstError(await close(id)).missing).toEqual([`project:${open}`]);
    expect(firstError(await close(id, asOtherDelivery)).code).toBe('FORBIDDEN');

    const cancelled = event('ProjectCancelled', {
      projectId: open,
      engagementId: id,
      cancelledAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [cancelled]);
    await applied(service, [cancelled]);
    const closed = await close(id);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeEngagement.status).toBe('CLOSED');
    expect(closed.data!.closeEngagement.closedAt).not.toBeNull();
    expect(await outboxCount('EngagementClosed', id)).toBe(1);
  });

  it('never reopens or changes a CLOSED engagement', async () => {
    const id = await openEngagement();
    expect((await assign(id, am, owner)).errors).toBeUndefined();
    const project = await kickOff(id);
    const completed = event('ProjectCompleted', {
      projectId: project,
      engagementId: id,
      completedAt: new Date().toISOString(),
    });
    await feed(service, 'delivery', [completed]);
    await applied(service, [completed]);
    expect((await review(id, 5)).errors).toBeUndefined();
    const pending = (await request(id, asSeller)).data!.requestChangeOrder.id;
    expect((await close(id, asAdmin)).errors).toBeUndefined();

    expect(firstError(await close(id)).code).toBe('CONFLICT');
    expect(firstError(await assign(id, am, otherOwner)).code).toBe('CONFLICT');
    expect(firstError(await request(id, asSeller)).code).toBe('CONFLICT');
    expect(firstError(await decide(pending, true, asOwner)).code).toBe('CONFLICT');
    await kickOff(id);
    const [row] = await service.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM engagements WHERE id = $1`,
      [id],
    );
    expect(row.status).toBe('CLOSED');
  });
});
