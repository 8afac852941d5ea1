import { randomUUID } from 'node:crypto';
import { identity, startTestService, type TestService } from '@platform/testing';
import { projectDeliveryService } from './service';
import {
  DELIVERY,
  createMember,
  createProject,
  engagementOpened,
  errorOf,
  feedAndApply,
} from './testing/engagement-feed';

// Foresight in delivery (ARCHITECTURE.md, "Foresight"): tentative and confirmed allocations,
// time off, and a member's capacity over a range. 2026-03-02 is a Monday; 2–27 March holds
// four whole weeks, 20 working days.

let service: TestService;

beforeAll(async () => {
  service = await startTestService(projectDeliveryService);
});

afterAll(async () => {
  await service?.close();
});

const ALLOCATE = `mutation ($input: AllocateInput!) { allocate(input: $input) { allocations { id status project { id } } } }`;
const CONFIRM = `mutation ($id: ID!) { confirmAllocation(id: $id) { id status } }`;
const RELEASE = `mutation ($id: ID!) { releaseAllocation(id: $id) { id status } }`;
const TIME_OFF = `mutation ($input: RecordTimeOffInput!) { recordTimeOff(input: $input) { id from to hoursPerDay cancelledAt } }`;
const CANCEL_TIME_OFF = `mutation ($id: ID!) { cancelTimeOff(id: $id) { id cancelledAt } }`;
const CAPACITY = `query ($id: ID!, $from: Date!, $to: Date!) { teamMember(id: $id) { capacity(from: $from, to: $to) {
  capacityHours timeOffHours confirmedHours tentativeHours allocatedHours availableHours overAllocatedDays } } }`;

interface CapacityFigures {
  capacityHours: number;
  timeOffHours: number;
  confirmedHours: number;
  tentativeHours: number;
  allocatedHours: number;
  availableHours: number;
  overAllocatedDays: number;
}

async function capacity(member: string, from = '2026-03-02', to = '2026-03-27'): Promise<CapacityFigures> {
  const response = await service.query<{ teamMember: { capacity: CapacityFigures } }>(CAPACITY, {
    id: member,
    from,
    to,
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.teamMember.capacity;
}

async function allocate(input: Record<string, unknown>): Promise<string> {
  const response = await service.query<{
    allocate: { allocations: Array<{ id: string; project: { id: string } }> };
  }>(ALLOCATE, { input }, DELIVERY);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  // Newest first: the allocation just made.
  return response.data.allocate.allocations[0].id;
}

async function outboxPayloads<T>(type: string): Promise<T[]> {
  const rows = await service.dataSource.query<Array<{ envelope: { payload: T } }>>(
    `SELECT envelope FROM outbox WHERE type = $1 ORDER BY id`,
    [type],
  );
  return rows.map((row) => row.envelope.payload);
}

async function count(table: string): Promise<number> {
  const [row] = await service.dataSource.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM ${table}`,
  );
  return row.n;
}

async function newProject(): Promise<{ engagementId: string; projectId: string }> {
  const opened = engagementOpened();
  await feedAndApply(service, [opened]);
  const projectId = await createProject(service, opened.payload.engagementId);
  return { engagementId: opened.payload.engagementId, projectId };
}

describe('allocations that plan', () => {
  it('books hoursPerWeek / 5 per working day, less the time off on that day', async () => {
    const { projectId } = await newProject();
    const member = await createMember(service, { weeklyCapacityHours: 40 });
    await allocate({ memberId: member, projectId, hoursPerWeek: 10, from: '2026-03-02', to: '2026-03-27' });
    const off = await service.query(TIME_OFF, {
      input: { memberId: member, from: '2026-03-10', to: '2026-03-10', hoursPerDay: 2 },
    });
    expect(off.errors).toBeUndefined();
    // capacity 40 × 20 / 5 = 160 h; booked 10 / 5 = 2 h × 20 days = 40 h, less 2 h off on 10 March = 38 h;
    // available 160 − 2 − 38 = 120 h.
    expect(await capacity(member)).toEqual({
      capacityHours: 160,
      timeOffHours: 2,
      confirmedHours: 38,
      tentativeHours: 0,
      allocatedHours: 38,
      availableHours: 120,
      overAllocatedDays: 0,
    });
  });

  it('takes time off from confirmed allocations first, so tentative hours never change confirmed ones', async () => {
    const a = await newProject();
    const b = await newProject();
    const member = await createMember(service, { weeklyCapacityHours: 40 });
    // The tentative one is made first: by creation order alone it would absorb the time off.
    await allocate({
      memberId: member,
      projectId: b.projectId,
      hoursPerWeek: 30,
      from: '2026-03-02',
      to: '2026-03-27',
      status: 'TENTATIVE',
    });
    await allocate({
      memberId: member,
      projectId: a.projectId,
      hoursPerWeek: 10,
      from: '2026-03-02',
      to: '2026-03-27',
    });
    await service.query(TIME_OFF, {
      input: { memberId: member, from: '2026-03-10', to: '2026-03-10', hoursPerDay: 2 },
    });
    // confirmed 2 h × 20 − 2 h = 38 h; tentative 30 / 5 = 6 h × 20 = 120 h (the 2 h off went to the confirmed);
    // available 160 − 2 − 38 − 120 = 0 h; confirmed 2 h/day ≤ 8 h (6 h on the day off): nothing over-allocated.
    expect(await capacity(member)).toEqual({
      capacityHours: 160,
      timeOffHours: 2,
      confirmedHours: 38,
      tentativeHours: 120,
      allocatedHours: 158,
      availableHours: 0,
      overAllocatedDays: 0,
    });
  });

  it('shows the working days where confirmed hours exceed the capacity left (overAllocatedDays)', async () => {
    const a = await newProject();
    const b = await newProject();
    const member = await createMember(service, { weeklyCapacityHours: 40 });
    await allocate({
      memberId: member,
      projectId: a.projectId,
      hoursPerWeek: 30,
      from: '2026-03-02',
      to: '2026-03-27',
    });
    await allocate({
      memberId: member,
      projectId: b.projectId,
      hoursPerWeek: 15,
      from: '2026-03-09',
      to: '2026-03-13',
    });
    for (const [from, to, hoursPerDay] of [
      ['2026-03-12', '2026-03-13', 4],
      ['2026-03-19', '2026-03-19', 2],
    ] as const) {
      const off = await service.query(TIME_OFF, { input: { memberId: member, from, to, hoursPerDay } });
      expect(off.errors).toBeUndefined();
    }
    // 9–11 March: 6 h + 3 h = 9 h > 8 h (3 days); 12–13 March: 4 h off taken from the 30 h/week one first,
    // 2 h + 3 h = 5 h > 8 − 4 = 4 h left (2 days); 19 March: 6 − 2 = 4 h ≤ 6 h left → 5 days over-allocated.
    // confirmed: 6 h × 20 + 3 h × 5 − 4 h × 2 − 2 h = 120 + 15 − 8 − 2 = 125 h; time off 10 h;
    // available 160 − 10 − 125 = 25 h.
    const figures = await capacity(member);
    expect(figures.overAllocatedDays).toBe(5);
    expect(figures.confirmedHours).toBe(125);
    expect(figures.timeOffHours).toBe(10);
    expect(figures.availableHours).toBe(25);
  });

  it('confirms a tentative allocation and releases one, publishing AllocationPlanned with its status', async () => {
    const { projectId, engagementId } = await newProject();
    const member = await createMember(service, { weeklyCapacityHours: 40 });
    const id = await allocate({
      memberId: member,
      projectId,
      hoursPerWeek: 10,
      from: '2026-03-02',
      to: '2026-03-27',
      status: 'TENTATIVE',
    });
    expect((await capacity(member)).tentativeHours).toBe(40);
    expect((await service.query(CONFIRM, { id }, DELIVERY)).data).toEqual({
      confirmAllocation: { id, status: 'CONFIRMED' },
    });
    expect(await capacity(member)).toEqual(
      expect.objectContaining({ confirmedHours: 40, tentativeHours: 0 }),
    );
    expect(errorOf(await service.query(CONFIRM, { id }, DELIVERY)).code).toBe('CONFLICT');
    expect((await service.query(RELEASE, { id }, DELIVERY)).data).toEqual({
      releaseAllocation: { id, status: 'RELEASED' },
    });
    expect(await capacity(member)).toEqual(
      expect.objectContaining({ confirmedHours: 0, availableHours: 160 }),
    );
    expect(errorOf(await service.query(RELEASE, { id }, DELIVERY)).code).toBe('CONFLICT');
    expect(errorOf(await service.query(RELEASE, { id }, identity(member, ['MEMBER']))).code).toBe(
      'FORBIDDEN',
    );

    const planned = (
      await outboxPayloads<{ allocationId: string; status: string }>('AllocationPlanned')
    ).filter((p) => p.allocationId === id);
    expect(planned.map((p) => p.status)).toEqual(['TENTATIVE', 'CONFIRMED', 'RELEASED']);
    expect(planned[0]).toEqual(
      expect.objectContaining({ engagementId, memberId: member, projectId, minutesPerWeek: 600 }),
    );
    // Existing consumers of AllocationChanged see a released allocation as no hours.
    const changed = (
      await outboxPayloads<{ allocationId: string; minutesPerWeek: number }>('AllocationChanged')
    )
      .filter((p) => p.allocationId === id)
      .map((p) => p.minutesPerWeek);
    expect(changed).toEqual([600, 600, 0]);
  });

  it('refuses an overlapping allocation of the same member on the same project (CONFLICT), until released', async () => {
    const { projectId } = await newProject();
    const other = await newProject();
    const member = await createMember(service);
    const first = await allocate({
      memberId: member,
      projectId,
      hoursPerWeek: 10,
      from: '2026-03-02',
      to: '2026-03-13',
    });
    const before = { allocations: await count('allocation'), outbox: await count('outbox') };
    const overlapping = await service.query(
      ALLOCATE,
      { input: { memberId: member, projectId, hoursPerWeek: 5, from: '2026-03-13', to: '2026-03-20' } },
      DELIVERY,
    );
    expect(errorOf(overlapping).code).toBe('CONFLICT');
    expect({ allocations: await count('allocation'), outbox: await count('outbox') }).toEqual(before);
    // Adjacent dates and other projects are fine.
    await allocate({ memberId: member, projectId, hoursPerWeek: 5, from: '2026-03-14', to: '2026-03-20' });
    await allocate({
      memberId: member,
      projectId: other.projectId,
      hoursPerWeek: 5,
      from: '2026-03-02',
      to: '2026-03-13',
    });
    await service.query(RELEASE, { id: first }, DELIVERY);
    await allocate({ memberId: member, projectId, hoursPerWeek: 8, from: '2026-03-02', to: '2026-03-13' });
    expect(
      errorOf(
        await service.query(
          ALLOCATE,
          {
            input: {
              memberId: member,
              projectId,
              hoursPerWeek: 8,
              from: '2026-03-02',
              to: '2026-03-06',
              status: 'RELEASED',
            },
          },
          DELIVERY,
        ),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.status' });
  });
});

describe('time off', () => {
  it('defaults to a full day (weeklyCapacityHours / 5) and publishes TimeOffRecorded and TimeOffCancelled', async () => {
    const member = await createMember(service, { weeklyCapacityHours: 37.5 });
    const me = identity(member, ['MEMBER']);
    const recorded = await service.query<{ recordTimeOff: { id: string; hoursPerDay: number } }>(
      TIME_OFF,
      { input: { memberId: member, from: '2026-03-02', to: '2026-03-08' } },
      me,
    );
    // 37.5 h / 5 = 7.5 h a day; 2–8 March has 5 working days: 37.5 h off, nothing left.
    expect(recorded.data?.recordTimeOff).toEqual(
      expect.objectContaining({ from: '2026-03-02', to: '2026-03-08', hoursPerDay: 7.5, cancelledAt: null }),
    );
    const id = recorded.data?.recordTimeOff.id ?? '';
    expect(await capacity(member, '2026-03-02', '2026-03-08')).toEqual(
      expect.objectContaining({ capacityHours: 37.5, timeOffHours: 37.5, availableHours: 0 }),
    );
    const cancelled = await service.query<{ cancelTimeOff: { cancelledAt: string | null } }>(
      CANCEL_TIME_OFF,
      { id },
      me,
    );
    expect(cancelled.data?.cancelTimeOff.cancelledAt).toEqual(expect.any(String));
    expect((await capacity(member, '2026-03-02', '2026-03-08')).timeOffHours).toBe(0);
    expect(errorOf(await service.query(CANCEL_TIME_OFF, { id }, me)).code).toBe('CONFLICT');

    const [published] = (await outboxPayloads<{ timeOffId: string }>('TimeOffRecorded')).filter(
      (p) => p.timeOffId === id,
    );
    expect(published).toEqual(
      expect.objectContaining({ memberId: member, from: '2026-03-02', to: '2026-03-08', minutesPerDay: 450 }),
    );
    expect(
      (await outboxPayloads<{ timeOffId: string }>('TimeOffCancelled')).filter((p) => p.timeOffId === id),
    ).toHaveLength(1);
  });

  it('lets a member record only their own time off; DELIVERY records anyone’s; overlaps are a CONFLICT', async () => {
    const member = await createMember(service);
    const colleague = await createMember(service);
    const before = { timeOff: await count('time_off'), outbox: await count('outbox') };
    const forOther = await service.query(
      TIME_OFF,
      { input: { memberId: colleague, from: '2026-03-02', to: '2026-03-02' } },
      identity(member, ['MEMBER']),
    );
    expect(errorOf(forOther).code).toBe('FORBIDDEN');
    const cases: Array<[Record<string, unknown>, string, string | undefined]> = [
      [{ to: '2026-03-01' }, 'BAD_USER_INPUT', 'input.to'],
      [{ hoursPerDay: 0 }, 'BAD_USER_INPUT', 'input.hoursPerDay'],
      [{ hoursPerDay: 25 }, 'BAD_USER_INPUT', 'input.hoursPerDay'],
      [{ hoursPerDay: 1.001 }, 'BAD_USER_INPUT', 'input.hoursPerDay'],
      [{ memberId: randomUUID() }, 'NOT_FOUND', 'input.memberId'],
    ];
    for (const [patch, code, field] of cases) {
      const response = await service.query(
        TIME_OFF,
        { input: { memberId: colleague, from: '2026-03-02', to: '2026-03-06', ...patch } },
        DELIVERY,
      );
      expect(errorOf(response)).toEqual({ code, field });
    }
    expect({ timeOff: await count('time_off'), outbox: await count('outbox') }).toEqual(before);

    const ok = await service.query(
      TIME_OFF,
      { input: { memberId: colleague, from: '2026-03-02', to: '2026-03-06' } },
      DELIVERY,
    );
    expect(ok.errors).toBeUndefined();
    const overlap = await service.query(
      TIME_OFF,
      { input: { memberId: colleague, from: '2026-03-06', to: '2026-03-09' } },
      DELIVERY,
    );
    expect(errorOf(overlap).code).toBe('CONFLICT');
    // Someone else's time off is neither listed nor cancellable by a member.
    const list = await service.query(
      `query ($id: ID!) { teamMember(id: $id) { timeOff { id } } }`,
      { id: colleague },
      identity(member, ['MEMBER']),
    );
    expect(errorOf(list).code).toBe('FORBIDDEN');
  });
});
