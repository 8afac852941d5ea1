import { randomUUID } from 'node:crypto';
import { identity, startTestService, type TestService } from '@platform/testing';
import { projectDeliveryService } from './service';
import {
  ADMIN,
  DELIVERY,
  createMember,
  createProject,
  engagementOpened,
  errorOf,
  feedAndApply,
} from './testing/engagement-feed';

let service: TestService;

beforeAll(async () => {
  service = await startTestService(projectDeliveryService);
});

afterAll(async () => {
  await service?.close();
});

const CREATE = `mutation ($input: CreateTeamMemberInput!) { createTeamMember(input: $input) { id name email title roles weeklyCapacityHours active } }`;
const UPDATE = `mutation ($input: UpdateTeamMemberInput!) { updateTeamMember(input: $input) { id name title roles weeklyCapacityHours active } }`;

async function count(table: string): Promise<number> {
  const [row] = await service.dataSource.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM ${table}`,
  );
  return row.n;
}

async function outboxPayloads<T>(type: string): Promise<T[]> {
  const rows = await service.dataSource.query<Array<{ envelope: { payload: T } }>>(
    `SELECT envelope FROM outbox WHERE type = $1 ORDER BY id`,
    [type],
  );
  return rows.map((row) => row.envelope.payload);
}

const validMember = () => ({
  name: 'Ada Lovelace',
  email: `ada-${randomUUID().slice(0, 8)}@example.test`,
  title: 'Engineer',
  roles: ['MEMBER', 'DELIVERY'],
  weeklyCapacityHours: 37.5,
});

describe('team members', () => {
  it('lets an ADMIN create a member (capacity stored in minutes) and publishes TeamMemberUpserted', async () => {
    const input = validMember();
    const response = await service.query<{ createTeamMember: { id: string } }>(CREATE, { input }, ADMIN);
    const created = response.data?.createTeamMember;
    expect(created).toEqual(
      expect.objectContaining({
        name: 'Ada Lovelace',
        roles: ['MEMBER', 'DELIVERY'],
        weeklyCapacityHours: 37.5,
        active: true,
      }),
    );
    const [published] = (await outboxPayloads<{ memberId: string }>('TeamMemberUpserted')).filter(
      (p) => p.memberId === created?.id,
    );
    expect(published).toEqual(
      expect.objectContaining({
        email: input.email,
        weeklyCapacityMinutes: 2250,
        active: true,
        title: 'Engineer',
      }),
    );
  });

  it('lets only an ADMIN create or update members (FORBIDDEN otherwise)', async () => {
    expect(errorOf(await service.query(CREATE, { input: validMember() }, DELIVERY)).code).toBe('FORBIDDEN');
    const id = await createMember(service);
    expect(errorOf(await service.query(UPDATE, { input: { id, name: 'X' } }, DELIVERY)).code).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses a second member with the same email, whatever its case (CONFLICT)', async () => {
    const input = validMember();
    await service.query(CREATE, { input }, ADMIN);
    const before = await count('team_member');
    const again = await service.query(
      CREATE,
      { input: { ...validMember(), email: input.email.toUpperCase() } },
      ADMIN,
    );
    expect(errorOf(again).code).toBe('CONFLICT');
    expect(await count('team_member')).toBe(before);
  });

  it('refuses bad member input with BAD_USER_INPUT on the field and writes nothing', async () => {
    const before = { members: await count('team_member'), outbox: await count('outbox') };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: ' ' }, 'input.name'],
      [{ email: 'not-an-email' }, 'input.email'],
      [{ weeklyCapacityHours: 168.5 }, 'input.weeklyCapacityHours'],
      [{ weeklyCapacityHours: -1 }, 'input.weeklyCapacityHours'],
      [{ weeklyCapacityHours: 10.001 }, 'input.weeklyCapacityHours'],
      [{ roles: [] }, 'input.roles'],
    ];
    for (const [patch, field] of cases) {
      expect(errorOf(await service.query(CREATE, { input: { ...validMember(), ...patch } }, ADMIN))).toEqual({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect({ members: await count('team_member'), outbox: await count('outbox') }).toEqual(before);
  });

  it('updates roles, capacity, title and the active flag and publishes TeamMemberUpserted', async () => {
    const id = await createMember(service, { name: 'Linus' });
    const response = await service.query<{ updateTeamMember: Record<string, unknown> }>(
      UPDATE,
      { input: { id, roles: ['FINANCE'], weeklyCapacityHours: 20, title: 'Controller', active: false } },
      ADMIN,
    );
    expect(response.data?.updateTeamMember).toEqual({
      id,
      name: 'Linus',
      title: 'Controller',
      roles: ['FINANCE'],
      weeklyCapacityHours: 20,
      active: false,
    });
    const last = (
      await outboxPayloads<{ memberId: string; active: boolean; weeklyCapacityMinutes: number }>(
        'TeamMemberUpserted',
      )
    )
      .filter((p) => p.memberId === id)
      .at(-1);
    expect(last).toEqual(
      expect.objectContaining({ active: false, weeklyCapacityMinutes: 1200, roles: ['FINANCE'] }),
    );
    expect(errorOf(await service.query(UPDATE, { input: { id, roles: [] } }, ADMIN))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.roles',
    });
    expect(
      errorOf(await service.query(UPDATE, { input: { id: randomUUID(), name: 'Nobody' } }, ADMIN)),
    ).toEqual({
      code: 'NOT_FOUND',
      field: 'input.id',
    });
  });

  it('lists active members by default and everyone with activeOnly: false', async () => {
    const inactive = await createMember(service, { name: 'Inactive' });
    await service.query(UPDATE, { input: { id: inactive, active: false } }, ADMIN);
    const active = await createMember(service, { name: 'Active' });
    const list = async (activeOnly?: boolean) => {
      const response = await service.query<{ teamMembers: Array<{ id: string }> }>(
        `query ($activeOnly: Boolean) { teamMembers(activeOnly: $activeOnly) { id } }`,
        activeOnly === undefined ? {} : { activeOnly },
      );
      return response.data?.teamMembers.map((m) => m.id) ?? [];
    };
    const defaults = await list();
    expect(defaults).toContain(active);
    expect(defaults).not.toContain(inactive);
    expect(await list(false)).toEqual(expect.arrayContaining([active, inactive]));
  });

  it('resolves me from the token subject, and null when the subject is not a member', async () => {
    const id = await createMember(service, { name: 'Margaret' });
    const me = (sub: string) =>
      service.query<{ me: { id: string; name: string } | null }>(
        `{ me { id name } }`,
        undefined,
        identity(sub, ['MEMBER']),
      );
    expect((await me(id)).data?.me).toEqual({ id, name: 'Margaret' });
    expect((await me(randomUUID())).data?.me).toBeNull();
    expect((await me('not-a-uuid')).data?.me).toBeNull();
  });

  it('resolves TeamMember references in one query whatever their number', async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createMember(service, { name: `Ref ${i}` })),
    );
    const resolve = (some: string[]) =>
      service.query<{ _entities: Array<{ id: string } | null> }>(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on TeamMember { id name } } }`,
        { reps: [...some, randomUUID()].map((id) => ({ __typename: 'TeamMember', id })) },
      );
    const small = await service.queries.measure(() => resolve(ids.slice(0, 2)));
    const large = await service.queries.measure(() => resolve(ids));
    expect(large.result.data?._entities.slice(0, 12).map((e) => e?.id)).toEqual(ids);
    expect(large.result.data?._entities.at(-1)).toBeNull();
    expect(small.queries).toBe(1);
    expect(large.queries).toBe(1);
  });
});

describe('capacity and allocations', () => {
  const ALLOCATE = `mutation ($input: AllocateInput!) { allocate(input: $input) { id allocations { hoursPerWeek from to project { id } } } }`;

  it('computes capacity, allocated, logged and available hours and utilization over a range', async () => {
    const opened = engagementOpened();
    await feedAndApply(service, [opened]);
    const project = await createProject(service, opened.payload.engagementId);
    const member = await createMember(service, { weeklyCapacityHours: 40 });
    for (const input of [
      { hoursPerWeek: 20, from: '2026-03-09', to: '2026-03-31' },
      { hoursPerWeek: 10, from: '2026-02-23', to: '2026-03-03' },
    ]) {
      const response = await service.query(
        ALLOCATE,
        { input: { memberId: member, projectId: project, ...input } },
        DELIVERY,
      );
      expect(response.errors).toBeUndefined();
    }
    for (const [date, minutes] of [
      ['2026-03-02', 600],
      ['2026-03-13', 600],
      ['2026-03-16', 480], // outside the range
    ] as const) {
      const logged = await service.query(
        `mutation ($input: LogTimeInput!) { logTime(input: $input) { id } }`,
        { input: { memberId: member, projectId: project, date, minutes, billable: true } },
        DELIVERY,
      );
      expect(logged.errors).toBeUndefined();
    }
    const response = await service.query<{
      teamMember: { capacity: Record<string, unknown>; allocations: unknown[] };
    }>(
      `query ($id: ID!) { teamMember(id: $id) {
         capacity(from: "2026-03-02", to: "2026-03-13") {
           capacityHours allocatedHours loggedHours availableHours utilizationPercent member { id } }
         allocations { hoursPerWeek from to } } }`,
      { id: member },
    );
    // 40 h × 10 working days / 5 = 80 h; 20 h × 5 / 5 + 10 h × 2 / 5 = 24 h; 1200 min = 20 h = 25 %.
    expect(response.data?.teamMember.capacity).toEqual({
      capacityHours: 80,
      allocatedHours: 24,
      loggedHours: 20,
      availableHours: 56,
      utilizationPercent: 25,
      member: { id: member },
    });
    expect(response.data?.teamMember.allocations).toEqual([
      { hoursPerWeek: 10, from: '2026-02-23', to: '2026-03-03' },
      { hoursPerWeek: 20, from: '2026-03-09', to: '2026-03-31' },
    ]);
    const published = (await outboxPayloads<{ memberId: string }>('AllocationChanged')).filter(
      (p) => p.memberId === member,
    );
    expect(published[0]).toEqual(
      expect.objectContaining({
        projectId: project,
        engagementId: opened.payload.engagementId,
        minutesPerWeek: 1200,
        from: '2026-03-09',
        to: '2026-03-31',
      }),
    );
  });

  it("shows a member's capacity and logged hours to the member, DELIVERY, FINANCE and ADMIN only", async () => {
    const member = await createMember(service);
    const other = await createMember(service);
    const query = `query ($id: ID!) { teamMember(id: $id) { id name capacity(from: "2026-03-02", to: "2026-03-06") { loggedHours } } }`;
    for (const who of [identity(other, ['MEMBER']), identity(other, ['SALES'])]) {
      const response = await service.query<{ teamMember: { capacity: unknown } | null }>(
        query,
        { id: member },
        who,
      );
      expect(errorOf(response).code).toBe('FORBIDDEN');
      expect(response.errors?.[0].path).toEqual(['teamMember', 'capacity']);
      expect(response.data?.teamMember).toBeNull();
    }
    for (const who of [
      identity(member, ['MEMBER']),
      identity(other, ['DELIVERY']),
      identity(other, ['FINANCE']),
      identity(other, ['ADMIN']),
    ]) {
      const response = await service.query<{ teamMember: { capacity: { loggedHours: number } } }>(
        query,
        { id: member },
        who,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.teamMember.capacity).toEqual({ loggedHours: 0 });
    }
  });

  it('refuses a capacity range whose end is before its start (BAD_USER_INPUT on to)', async () => {
    const member = await createMember(service);
    const response = await service.query(
      `query ($id: ID!) { teamMember(id: $id) { capacity(from: "2026-03-10", to: "2026-03-09") { capacityHours } } }`,
      { id: member },
    );
    expect(errorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('refuses bad allocations on the offending field and records nothing', async () => {
    const opened = engagementOpened();
    await feedAndApply(service, [opened]);
    const project = await createProject(service, opened.payload.engagementId);
    const completed = await createProject(service, opened.payload.engagementId);
    await service.query(
      `mutation ($id: ID!) { startProject(projectId: $id) { id } }`,
      { id: completed },
      DELIVERY,
    );
    await service.query(
      `mutation ($id: ID!) { completeProject(projectId: $id) { id } }`,
      { id: completed },
      DELIVERY,
    );
    const member = await createMember(service);
    const inactive = await createMember(service);
    await service.query(UPDATE, { input: { id: inactive, active: false } }, ADMIN);

    const base = {
      memberId: member,
      projectId: project,
      hoursPerWeek: 8,
      from: '2026-03-02',
      to: '2026-03-31',
    };
    const before = { allocations: await count('allocation'), outbox: await count('outbox') };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ hoursPerWeek: 0 }, 'BAD_USER_INPUT', 'input.hoursPerWeek'],
      [{ hoursPerWeek: -4 }, 'BAD_USER_INPUT', 'input.hoursPerWeek'],
      [{ to: '2026-03-01' }, 'BAD_USER_INPUT', 'input.to'],
      [{ memberId: inactive }, 'BAD_USER_INPUT', 'input.memberId'],
      [{ projectId: completed }, 'BAD_USER_INPUT', 'input.projectId'],
      [{ projectId: randomUUID() }, 'NOT_FOUND', 'input.projectId'],
    ];
    for (const [patch, code, field] of cases) {
      expect(errorOf(await service.query(ALLOCATE, { input: { ...base, ...patch } }, DELIVERY))).toEqual({
        code,
        field,
      });
    }
    expect(errorOf(await service.query(ALLOCATE, { input: base }, identity(member, ['MEMBER']))).code).toBe(
      'FORBIDDEN',
    );
    expect({ allocations: await count('allocation'), outbox: await count('outbox') }).toEqual(before);
  });

  it('computes the capacity of a whole team list in constant SQL', async () => {
    const members = await Promise.all(Array.from({ length: 8 }, () => createMember(service)));
    const team = () =>
      service.query<{ teamMembers: Array<{ capacity: { capacityHours: number }; allocations: unknown[] }> }>(
        `{ teamMembers(activeOnly: false) { id capacity(from: "2026-03-02", to: "2026-03-06") { capacityHours loggedHours allocatedHours } allocations { hoursPerWeek project { id } } } }`,
      );
    const first = await service.queries.measure(team);
    await Promise.all(members.map(() => createMember(service)));
    const second = await service.queries.measure(team);
    expect(second.result.data?.teamMembers.length).toBeGreaterThan(
      first.result.data?.teamMembers.length ?? 0,
    );
    expect(second.queries).toBe(first.queries);
    expect(first.queries).toBeLessThanOrEqual(5);
  });
});
