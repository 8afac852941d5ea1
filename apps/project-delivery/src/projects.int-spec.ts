import { randomUUID } from 'node:crypto';
import { identity, startTestService, type TestService } from '@platform/testing';
import { projectDeliveryService } from './service';
import {
  ADMIN,
  DELIVERY,
  changeOrderApproved,
  createProject,
  engagementOpened,
  errorOf,
  event,
  feedAndApply,
} from './testing/engagement-feed';

let service: TestService;

beforeAll(async () => {
  service = await startTestService(projectDeliveryService);
});

afterAll(async () => {
  await service?.close();
});

interface ProjectView {
  id: string;
  status: string;
  budgetHours: number;
  dueDate: string;
  startedAt: string | null;
  completedAt: string | null;
  milestones: Array<{ id: string; kind: string; name: string; dueDate: string; status: string }>;
}

const PROJECT = `id status budgetHours dueDate startedAt completedAt milestones { id kind name dueDate status }`;

async function project(id: string): Promise<ProjectView> {
  const response = await service.query<{ project: ProjectView }>(
    `query ($id: ID!) { project(id: $id) { ${PROJECT} } }`,
    {
      id,
    },
  );
  if (!response.data?.project) throw new Error(`project ${id}: ${JSON.stringify(response.errors)}`);
  return response.data.project;
}

async function count(table: string): Promise<number> {
  const [row] = await service.dataSource.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM ${table}`,
  );
  return row.n;
}

async function outboxPayloads<T = Record<string, unknown>>(type: string): Promise<T[]> {
  const rows = await service.dataSource.query<Array<{ envelope: { payload: T } }>>(
    `SELECT envelope FROM outbox WHERE type = $1 ORDER BY id`,
    [type],
  );
  return rows.map((row) => row.envelope.payload);
}

const move = (mutation: string, projectId: string, who = DELIVERY) =>
  service.query<Record<string, { status: string }>>(
    `mutation ($id: ID!) { ${mutation}(projectId: $id) { status startedAt completedAt } }`,
    { id: projectId },
    who,
  );

async function openEngagement(overrides: Parameters<typeof engagementOpened>[0] = {}) {
  const opened = engagementOpened(overrides);
  await feedAndApply(service, [opened]);
  return opened.payload;
}

describe('projects', () => {
  it('creates a project only for an engagement learnt from EngagementOpened (NOT_FOUND on input.engagementId)', async () => {
    const unknown = await service.query(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      {
        input: {
          engagementId: randomUUID(),
          name: 'X',
          startDate: '2026-01-05',
          dueDate: '2026-02-05',
          budgetHours: 10,
        },
      },
      DELIVERY,
    );
    expect(errorOf(unknown)).toEqual({ code: 'NOT_FOUND', field: 'input.engagementId' });

    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId);
    const created = await project(id);
    expect(created).toEqual(
      expect.objectContaining({ status: 'PLANNED', budgetHours: 100, dueDate: '2026-04-15' }),
    );
    const [published] = (await outboxPayloads<{ projectId: string }>('ProjectCreated')).filter(
      (p) => p.projectId === id,
    );
    expect(published).toEqual(
      expect.objectContaining({
        engagementId: engagement.engagementId,
        budgetMinutes: 6000,
        startDate: '2026-01-05',
      }),
    );
  });

  it('gives a new project the five standard milestones at 10/20/30/90/100 % of its span', async () => {
    const engagement = await openEngagement();
    // 2026-01-05 → 2026-04-15 is 100 days.
    const id = await createProject(service, engagement.engagementId, {
      startDate: '2026-01-05',
      dueDate: '2026-04-15',
    });
    expect((await project(id)).milestones.map((m) => [m.kind, m.dueDate, m.status])).toEqual([
      ['BRD', '2026-01-15', 'OPEN'],
      ['SOW', '2026-01-25', 'OPEN'],
      ['PROJECT_PLAN', '2026-02-04', 'OPEN'],
      ['IMPLEMENTATION', '2026-04-05', 'OPEN'],
      ['POST_IMPLEMENTATION_REVIEW', '2026-04-15', 'OPEN'],
    ]);
    const bare = await createProject(service, engagement.engagementId, { useStandardMilestones: false });
    expect((await project(bare)).milestones).toEqual([]);
  });

  it("publishes MilestonePlanned with each milestone's due date, so engagement sees lateness", async () => {
    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId, {
      startDate: '2026-01-05',
      dueDate: '2026-04-15',
    });
    const planned = (
      await outboxPayloads<{ projectId: string; engagementId: string; kind: string; dueDate: string }>(
        'MilestonePlanned',
      )
    ).filter((p) => p.projectId === id);
    // The same five standard milestones and due dates as above (10/20/30/90/100 % of 100 days).
    expect(planned.map((p) => [p.kind, p.dueDate, p.engagementId])).toEqual([
      ['BRD', '2026-01-15', engagement.engagementId],
      ['SOW', '2026-01-25', engagement.engagementId],
      ['PROJECT_PLAN', '2026-02-04', engagement.engagementId],
      ['IMPLEMENTATION', '2026-04-05', engagement.engagementId],
      ['POST_IMPLEMENTATION_REVIEW', '2026-04-15', engagement.engagementId],
    ]);
  });

  it('refuses bad project input with BAD_USER_INPUT on the field and writes nothing', async () => {
    const engagement = await openEngagement();
    const base = {
      engagementId: engagement.engagementId,
      name: 'P',
      startDate: '2026-03-01',
      dueDate: '2026-04-01',
      budgetHours: 10,
    };
    const before = {
      projects: await count('project'),
      milestones: await count('milestone'),
      outbox: await count('outbox'),
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ dueDate: '2026-02-28' }, 'input.dueDate'],
      [{ budgetHours: -1 }, 'input.budgetHours'],
      [{ budgetHours: 1.001 }, 'input.budgetHours'],
      [{ name: '  ' }, 'input.name'],
    ];
    for (const [patch, field] of cases) {
      const response = await service.query(
        `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
        { input: { ...base, ...patch } },
        DELIVERY,
      );
      expect(errorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    expect({
      projects: await count('project'),
      milestones: await count('milestone'),
      outbox: await count('outbox'),
    }).toEqual(before);
  });

  it('lets only DELIVERY or ADMIN create and move projects (FORBIDDEN otherwise)', async () => {
    const engagement = await openEngagement();
    const sales = identity(randomUUID(), ['SALES', 'MEMBER']);
    const refused = await service.query(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      {
        input: {
          engagementId: engagement.engagementId,
          name: 'P',
          startDate: '2026-03-01',
          dueDate: '2026-04-01',
          budgetHours: 1,
        },
      },
      sales,
    );
    expect(errorOf(refused).code).toBe('FORBIDDEN');
    const id = await createProject(service, engagement.engagementId);
    expect(errorOf(await move('startProject', id, sales)).code).toBe('FORBIDDEN');
    expect((await move('startProject', id, ADMIN)).data?.startProject.status).toBe('ACTIVE');
  });

  it('moves a project PLANNED → ACTIVE (kickoff) → COMPLETED and refuses other moves with CONFLICT', async () => {
    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId);
    expect(errorOf(await move('completeProject', id)).code).toBe('CONFLICT');
    expect((await move('startProject', id)).data?.startProject.status).toBe('ACTIVE');
    expect(errorOf(await move('startProject', id)).code).toBe('CONFLICT');
    expect((await move('completeProject', id)).data?.completeProject.status).toBe('COMPLETED');
    expect(errorOf(await move('cancelProject', id)).code).toBe('CONFLICT');
    const done = await project(id);
    expect(done.startedAt).not.toBeNull();
    expect(done.completedAt).not.toBeNull();
    expect(
      (await outboxPayloads<{ projectId: string }>('ProjectStarted')).some((p) => p.projectId === id),
    ).toBe(true);
    expect(
      (await outboxPayloads<{ projectId: string }>('ProjectCompleted')).some((p) => p.projectId === id),
    ).toBe(true);
  });

  it('cancels a PLANNED or ACTIVE project and publishes ProjectCancelled', async () => {
    const engagement = await openEngagement();
    const planned = await createProject(service, engagement.engagementId);
    const active = await createProject(service, engagement.engagementId);
    await move('startProject', active);
    expect((await move('cancelProject', planned)).data?.cancelProject.status).toBe('CANCELLED');
    expect((await move('cancelProject', active)).data?.cancelProject.status).toBe('CANCELLED');
    const cancelled = (
      await outboxPayloads<{ projectId: string; engagementId: string }>('ProjectCancelled')
    ).filter((p) => p.engagementId === engagement.engagementId);
    expect(cancelled.map((p) => p.projectId).sort()).toEqual([planned, active].sort());
  });

  it('refuses new projects for a closed engagement', async () => {
    const engagement = await openEngagement();
    await feedAndApply(service, [
      event('EngagementClosed', {
        engagementId: engagement.engagementId,
        closedAt: new Date().toISOString(),
      }),
    ]);
    const response = await service.query(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      {
        input: {
          engagementId: engagement.engagementId,
          name: 'Late',
          startDate: '2026-03-01',
          dueDate: '2026-04-01',
          budgetHours: 1,
        },
      },
      DELIVERY,
    );
    expect(errorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.engagementId' });
  });
});

describe('milestones', () => {
  const deliver = (id: string, who = DELIVERY) =>
    service.query<{ deliverMilestone: { status: string; deliveredAt: string | null } }>(
      `mutation ($id: ID!) { deliverMilestone(milestoneId: $id) { status deliveredAt } }`,
      { id },
      who,
    );
  const signOff = (id: string, who = DELIVERY) =>
    service.query<{ signOffMilestone: { status: string; signedOffAt: string | null } }>(
      `mutation ($id: ID!) { signOffMilestone(milestoneId: $id) { status signedOffAt } }`,
      { id },
      who,
    );
  const setAmount = (id: string, amount: { amount: string; currency: string } | null, who = DELIVERY) =>
    service.query<{
      setMilestoneBillingAmount: { billingAmount: { amount: string; currency: string } | null };
    }>(
      `mutation ($id: ID!, $amount: MoneyInput) { setMilestoneBillingAmount(milestoneId: $id, amount: $amount) { billingAmount { amount currency } } }`,
      { id, amount },
      who,
    );

  it('signs off a delivered milestone only by the delivery owner or an ADMIN and publishes MilestoneSignedOff', async () => {
    const engagement = await openEngagement();
    const owner = identity(engagement.deliveryOwnerId ?? '', ['MEMBER']);
    const id = await createProject(service, engagement.engagementId);
    const [brd, sow] = (await project(id)).milestones;

    expect(errorOf(await signOff(brd.id, owner)).code).toBe('CONFLICT'); // still OPEN
    expect((await deliver(brd.id)).data?.deliverMilestone.status).toBe('DELIVERED');
    expect(errorOf(await deliver(brd.id)).code).toBe('CONFLICT');
    expect(errorOf(await setAmount(brd.id, { amount: '1500.00', currency: 'EUR' })).code).toBeUndefined();

    // DELIVERY alone does not make someone the client's counterpart for sign-off.
    expect(errorOf(await signOff(brd.id, DELIVERY)).code).toBe('FORBIDDEN');
    const signed = await signOff(brd.id, owner);
    expect(signed.data?.signOffMilestone.status).toBe('SIGNED_OFF');
    expect(signed.data?.signOffMilestone.signedOffAt).not.toBeNull();

    const [published] = (await outboxPayloads<{ milestoneId: string }>('MilestoneSignedOff')).filter(
      (p) => p.milestoneId === brd.id,
    );
    expect(published).toEqual(
      expect.objectContaining({
        projectId: id,
        engagementId: engagement.engagementId,
        kind: 'BRD',
        name: 'Business requirements document',
        billingAmount: { amountMinor: '150000', currency: 'EUR' },
      }),
    );

    await deliver(sow.id);
    expect((await signOff(sow.id, ADMIN)).data?.signOffMilestone.status).toBe('SIGNED_OFF');
  });

  it('follows the delivery owner named by EngagementRolesAssigned', async () => {
    const engagement = await openEngagement();
    const newOwner = randomUUID();
    await feedAndApply(service, [
      event('EngagementRolesAssigned', {
        engagementId: engagement.engagementId,
        accountManagerId: randomUUID(),
        deliveryOwnerId: newOwner,
        assignedAt: new Date().toISOString(),
      }),
    ]);
    const id = await createProject(service, engagement.engagementId);
    const [brd] = (await project(id)).milestones;
    await deliver(brd.id);
    expect(errorOf(await signOff(brd.id, identity(engagement.deliveryOwnerId ?? '', ['MEMBER']))).code).toBe(
      'FORBIDDEN',
    );
    expect((await signOff(brd.id, identity(newOwner, ['MEMBER']))).data?.signOffMilestone.status).toBe(
      'SIGNED_OFF',
    );
  });

  it("sets a billing amount only in the engagement's currency and never after sign-off", async () => {
    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId);
    const [brd] = (await project(id)).milestones;

    expect(errorOf(await setAmount(brd.id, { amount: '100.00', currency: 'USD' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'amount.currency',
    });
    expect(errorOf(await setAmount(brd.id, { amount: '100.001', currency: 'EUR' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'amount.amount',
    });
    expect(
      (await setAmount(brd.id, { amount: '2500.50', currency: 'EUR' })).data?.setMilestoneBillingAmount
        .billingAmount,
    ).toEqual({
      amount: '2500.50',
      currency: 'EUR',
    });
    expect((await setAmount(brd.id, null)).data?.setMilestoneBillingAmount.billingAmount).toBeNull();

    await deliver(brd.id);
    await signOff(brd.id, ADMIN);
    expect(errorOf(await setAmount(brd.id, { amount: '1.00', currency: 'EUR' })).code).toBe('CONFLICT');
  });

  it('adds a custom milestone with a billing amount in the engagement currency', async () => {
    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId, { useStandardMilestones: false });
    const add = (billingAmount: { amount: string; currency: string }) =>
      service.query<{ addMilestone: { kind: string; billingAmount: { amount: string } } }>(
        `mutation ($input: AddMilestoneInput!) { addMilestone(input: $input) { kind status billingAmount { amount currency } } }`,
        { input: { projectId: id, kind: 'CUSTOM', name: 'Training', dueDate: '2026-03-01', billingAmount } },
        DELIVERY,
      );
    expect(errorOf(await add({ amount: '10.00', currency: 'GBP' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.billingAmount.currency',
    });
    expect((await project(id)).milestones).toEqual([]);
    const added = await add({ amount: '10.00', currency: 'EUR' });
    expect(added.data?.addMilestone).toEqual({
      kind: 'CUSTOM',
      status: 'OPEN',
      billingAmount: { amount: '10.00', currency: 'EUR' },
    });
  });
});

describe('change orders', () => {
  it("adds an approved change order's hours to the main project's budget and moves its due date", async () => {
    const engagement = await openEngagement();
    const main = await createProject(service, engagement.engagementId, {
      budgetHours: 100,
      dueDate: '2026-04-15',
    });
    const second = await createProject(service, engagement.engagementId, {
      budgetHours: 50,
      dueDate: '2026-05-01',
    });
    await feedAndApply(service, [changeOrderApproved(engagement.engagementId, 20 * 60, 14)]);
    expect(await project(main)).toEqual(expect.objectContaining({ budgetHours: 120, dueDate: '2026-04-29' }));
    expect(await project(second)).toEqual(
      expect.objectContaining({ budgetHours: 50, dueDate: '2026-05-01' }),
    );
  });

  it('keeps a change order approved before any project and moves the first project’s due date (its hours are budgeted by the creator)', async () => {
    const engagement = engagementOpened();
    // Events arrive in any order across topics: the change order comes before the project exists.
    const early = changeOrderApproved(
      engagement.payload.engagementId,
      30 * 60,
      7,
      '2026-01-03T09:00:00.000Z',
    );
    await feedAndApply(service, [engagement, early]);
    const first = await createProject(service, engagement.payload.engagementId, {
      budgetHours: 100,
      dueDate: '2026-04-15',
    });
    // The 30 h are within what the creator may budget (contract + change orders), not added again.
    expect(await project(first)).toEqual(
      expect.objectContaining({ budgetHours: 100, dueDate: '2026-04-22' }),
    );
    const second = await createProject(service, engagement.payload.engagementId, {
      budgetHours: 100,
      dueDate: '2026-04-15',
    });
    expect(await project(second)).toEqual(
      expect.objectContaining({ budgetHours: 100, dueDate: '2026-04-15' }),
    );
  });

  it('moves the budget once for a change order delivered twice under different event ids', async () => {
    const engagement = await openEngagement();
    const id = await createProject(service, engagement.engagementId, { budgetHours: 10 });
    const approved = changeOrderApproved(engagement.engagementId, 60, 1);
    const again = event('ChangeOrderApproved', approved.payload);
    await feedAndApply(service, [approved, again]);
    expect((await project(id)).budgetHours).toBe(11);
  });
});

describe('change orders move milestone due dates', () => {
  async function addMilestone(projectId: string, name: string, dueDate: string): Promise<string> {
    const response = await service.query<{ addMilestone: { id: string } }>(
      `mutation ($input: AddMilestoneInput!) { addMilestone(input: $input) { id } }`,
      { input: { projectId, kind: 'CUSTOM', name, dueDate } },
      DELIVERY,
    );
    if (!response.data?.addMilestone) throw new Error(`addMilestone: ${JSON.stringify(response.errors)}`);
    return response.data.addMilestone.id;
  }

  async function deliverAndSignOff(milestoneId: string): Promise<void> {
    for (const mutation of ['deliverMilestone', 'signOffMilestone']) {
      const response = await service.query(
        `mutation ($id: ID!) { ${mutation}(milestoneId: $id) { status } }`,
        { id: milestoneId },
        ADMIN,
      );
      expect(response.errors).toBeUndefined();
    }
  }

  const plannedDates = async (milestoneId: string) =>
    (await outboxPayloads<{ milestoneId: string; dueDate: string }>('MilestonePlanned'))
      .filter((p) => p.milestoneId === milestoneId)
      .map((p) => p.dueDate);

  it('moves the main project and its milestones not signed off by scheduleDeltaDays, once, and tells engagement the new dates', async () => {
    const engagement = await openEngagement();
    const main = await createProject(service, engagement.engagementId, {
      startDate: '2027-01-04',
      dueDate: '2027-03-31',
      useStandardMilestones: false,
    });
    const open = await addMilestone(main, 'Pilot', '2027-02-15');
    const signed = await addMilestone(main, 'Design', '2027-01-31');
    await deliverAndSignOff(signed);
    // A later project is not the one the change order applies to: neither it nor its milestones move.
    const other = await createProject(service, engagement.engagementId, {
      startDate: '2027-01-04',
      dueDate: '2027-03-31',
      useStandardMilestones: false,
    });
    const otherMilestone = await addMilestone(other, 'Other pilot', '2027-02-15');

    const approved = changeOrderApproved(engagement.engagementId, 0, 10);
    await feedAndApply(service, [approved]);

    // Project 2027-03-31 + 10 = 2027-04-10 (31 March + 10 days); open milestone 2027-02-15 + 10 =
    // 2027-02-25 (February 2027 has 28 days, no month end crossed); signed off 2027-01-31 stays.
    const moved = await project(main);
    expect(moved.dueDate).toBe('2027-04-10');
    expect(moved.milestones.map((m) => [m.name, m.dueDate, m.status])).toEqual([
      ['Design', '2027-01-31', 'SIGNED_OFF'],
      ['Pilot', '2027-02-25', 'OPEN'],
    ]);
    expect(await plannedDates(open)).toEqual(['2027-02-15', '2027-02-25']);
    expect(await plannedDates(signed)).toEqual(['2027-01-31']);
    const unmoved = await project(other);
    expect(unmoved.dueDate).toBe('2027-03-31');
    expect(unmoved.milestones.map((m) => m.dueDate)).toEqual(['2027-02-15']);
    expect(await plannedDates(otherMilestone)).toEqual(['2027-02-15']);

    // The same event again (the inbox drops it) and the same change order under a new event id
    // (a re-publish: the change_order row is already there) move nothing and publish nothing.
    await feedAndApply(service, [approved, event('ChangeOrderApproved', approved.payload)]);
    const again = await project(main);
    expect(again.dueDate).toBe('2027-04-10');
    expect(again.milestones.map((m) => m.dueDate)).toEqual(['2027-01-31', '2027-02-25']);
    expect(await plannedDates(open)).toEqual(['2027-02-15', '2027-02-25']);
  });

  it('moves the standard milestones of the first project created after a pending change order', async () => {
    const engagement = await openEngagement();
    await feedAndApply(service, [changeOrderApproved(engagement.engagementId, 0, 7)]);
    const first = await createProject(service, engagement.engagementId, {
      startDate: '2026-01-05',
      dueDate: '2026-04-15',
    });
    // Span 2026-01-05 → 2026-04-15 = 26 + 28 + 31 + 15 = 100 days: the standard milestones fall
    // 10/20/30/90/100 days after the start (01-15, 01-25, 02-04, 04-05, 04-15), then + 7 days.
    const created = await project(first);
    expect(created.dueDate).toBe('2026-04-22');
    expect(created.milestones.map((m) => m.dueDate)).toEqual([
      '2026-01-22',
      '2026-02-01',
      '2026-02-11',
      '2026-04-12',
      '2026-04-22',
    ]);
    const published = (await outboxPayloads<{ projectId: string; dueDate: string }>('MilestonePlanned'))
      .filter((p) => p.projectId === first)
      .map((p) => p.dueDate);
    expect(published).toEqual(['2026-01-22', '2026-02-01', '2026-02-11', '2026-04-12', '2026-04-22']);
  });
});

describe('batching', () => {
  it('answers a federated page of engagements with projects, logged hours and milestones in constant SQL', async () => {
    const opened = Array.from({ length: 50 }, () => engagementOpened());
    await feedAndApply(service, opened);
    for (const e of opened) {
      await createProject(service, e.payload.engagementId, {
        name: `P ${e.payload.engagementId.slice(0, 4)}`,
      });
    }
    const page = (size: number) =>
      service.query<{
        _entities: Array<{ projects: Array<{ name: string; loggedHours: number; milestones: unknown[] }> }>;
      }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { projects { name loggedHours milestones { name } } } } }`,
        {
          reps: opened.slice(0, size).map((e) => ({ __typename: 'Engagement', id: e.payload.engagementId })),
        },
      );
    const small = await service.queries.measure(() => page(10));
    const large = await service.queries.measure(() => page(50));
    expect(large.result.data?._entities).toHaveLength(50);
    expect(
      large.result.data?._entities.every(
        (e) => e.projects.length === 1 && e.projects[0].milestones.length === 5,
      ),
    ).toBe(true);
    expect(small.queries).toBeLessThanOrEqual(3);
    expect(large.queries).toBe(small.queries);
  });

  it('refuses projects that promise more than was sold, naming both figures, until a change order sells the hours', async () => {
    // Sold: a 100 h contract. A 400 h project would promise 300 h nobody sold.
    const opened = engagementOpened({ budgetMinutes: 100 * 60 });
    const engagementId = opened.payload.engagementId;
    await feedAndApply(service, [opened]);
    const create = (budgetHours: number) =>
      service.query<{ createProject: { id: string; budgetHours: number } | null }>(
        `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id budgetHours } }`,
        {
          input: {
            engagementId,
            name: 'Rollout',
            startDate: '2026-01-05',
            dueDate: '2026-04-15',
            budgetHours,
          },
        },
        DELIVERY,
      );
    const refused = await create(400);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      promisedHours: 400,
      soldHours: 100,
      contractHours: 100,
      changeOrderHours: 0,
    });
    const [written] = await service.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM project WHERE engagement_id = $1`,
      [engagementId],
    );
    expect(written.n).toBe(0);

    // An approved change order of +300 h: sold = 100 + 300 = 400 h, so 400 h may be promised.
    await feedAndApply(service, [changeOrderApproved(engagementId, 300 * 60, 0, '2026-01-10T09:00:00.000Z')]);
    const accepted = await create(400);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.createProject?.budgetHours).toBe(400);
    // Every hour sold is promised: even 1 h more on a second project is refused (401 > 400).
    expect((await create(1)).errors?.[0].extensions).toMatchObject({ promisedHours: 401, soldHours: 400 });
  });
});
