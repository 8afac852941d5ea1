import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@platform/events';
import { readTopic } from '@platform/messaging/testing';
import { KAFKA_BROKERS, identity, startTestService, type TestService } from '@platform/testing';
import { addDays, todayUtc } from '@platform/domain-kit';
import { projectDeliveryService } from './service';
import {
  ADMIN,
  DELIVERY,
  FINANCE,
  createMember,
  createProject,
  engagementOpened,
  errorOf,
  event,
  feedAndApply,
} from './testing/engagement-feed';

let service: TestService;
let engagementId: string;
let projectId: string;
let aliceId: string;
let bobId: string;
const alice = () => identity(aliceId, ['MEMBER'], 'Alice');
const bob = () => identity(bobId, ['MEMBER'], 'Bob');

beforeAll(async () => {
  service = await startTestService(projectDeliveryService);
  const opened = engagementOpened();
  engagementId = opened.payload.engagementId;
  await feedAndApply(service, [opened]);
  projectId = await createProject(service, engagementId);
  aliceId = await createMember(service, { name: 'Alice' });
  bobId = await createMember(service, { name: 'Bob' });
});

afterAll(async () => {
  await service?.close();
});

interface Entry {
  id: string;
  date: string;
  minutes: number;
  billable: boolean;
  note: string | null;
  member: { id: string };
}

const isTimeLoggedFor = (e: EventEnvelope, entryId: string): e is EventEnvelope<'TimeLogged'> =>
  e.type === 'TimeLogged' && (e as EventEnvelope<'TimeLogged'>).payload.entryId === entryId;

const LOG = `mutation ($input: LogTimeInput!) { logTime(input: $input) { id date minutes billable note member { id } project { id } } }`;

function logTime(
  input: Partial<{
    memberId: string;
    projectId: string;
    date: string;
    minutes: number;
    billable: boolean;
    note: string;
  }>,
  who = alice(),
) {
  return service.query<{ logTime: Entry }>(
    LOG,
    { input: { memberId: aliceId, projectId, date: '2026-03-02', minutes: 60, billable: true, ...input } },
    who,
  );
}

async function logged(input: Parameters<typeof logTime>[0], who = alice()): Promise<Entry> {
  const response = await logTime(input, who);
  if (!response.data?.logTime) throw new Error(`logTime failed: ${JSON.stringify(response.errors)}`);
  return response.data.logTime;
}

async function loggedHours(id = projectId): Promise<number> {
  const response = await service.query<{ project: { loggedHours: number } }>(
    `query ($id: ID!) { project(id: $id) { loggedHours } }`,
    { id },
  );
  return response.data?.project.loggedHours ?? NaN;
}

async function state() {
  const [row] = await service.dataSource.query<Array<{ entries: number; outbox: number }>>(
    `SELECT (SELECT count(*)::int FROM time_entry) AS entries, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  return { ...row, loggedHours: await loggedHours() };
}

/** Expects each call to fail with BAD_USER_INPUT on `field` and to change no total and no row. */
async function expectRejectedWithoutWrites(
  field: string,
  calls: Array<() => Promise<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>>,
) {
  const before = await state();
  for (const call of calls) expect(errorOf(await call())).toEqual({ code: 'BAD_USER_INPUT', field });
  expect(await state()).toEqual(before);
}

describe('logging time', () => {
  it('lets a MEMBER log their own time and publishes TimeLogged to the delivery topic', async () => {
    const entry = await logged({ date: '2026-03-02', minutes: 90, billable: false, note: 'Workshop' });
    expect(entry).toEqual(
      expect.objectContaining({
        date: '2026-03-02',
        minutes: 90,
        billable: false,
        note: 'Workshop',
        member: { id: aliceId },
      }),
    );
    const events = await readTopic({
      brokers: KAFKA_BROKERS,
      topic: `${service.topicPrefix}delivery.events`,
      until: (seen) => seen.some((e) => isTimeLoggedFor(e, entry.id)),
    });
    const published = events.find((e) => isTimeLoggedFor(e, entry.id));
    expect(published?.key).toBe(engagementId);
    expect(published?.payload).toEqual(
      expect.objectContaining({
        entryId: entry.id,
        engagementId,
        projectId,
        memberId: aliceId,
        date: '2026-03-02',
        minutes: 90,
        billable: false,
      }),
    );
  });

  it("refuses a MEMBER logging someone else's time (FORBIDDEN) and lets DELIVERY log anyone's", async () => {
    const before = await state();
    expect(errorOf(await logTime({ memberId: bobId }, alice())).code).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
    const entry = await logged({ memberId: bobId, date: '2026-03-03', minutes: 30 }, DELIVERY);
    expect(entry.member.id).toBe(bobId);
    expect(await loggedHours()).toBe(before.loggedHours + 0.5);
  });

  it('refuses entries outside 1–1440 whole minutes on input.minutes and writes nothing', async () => {
    await expectRejectedWithoutWrites('input.minutes', [
      () => logTime({ minutes: 0 }),
      () => logTime({ minutes: -5 }),
      () => logTime({ minutes: 1441 }),
    ]);
  });

  it('refuses time dated after today (UTC) on input.date', async () => {
    await expectRejectedWithoutWrites('input.date', [() => logTime({ date: addDays(todayUtc(), 1) })]);
    expect((await logged({ date: todayUtc(), minutes: 1 })).date).toBe(todayUtc());
  });

  it('refuses a note longer than 2000 characters on input.note', async () => {
    await expectRejectedWithoutWrites('input.note', [() => logTime({ note: 'x'.repeat(2001) })]);
  });

  it('refuses more than 1440 minutes per member and day in total', async () => {
    await logged({ date: '2026-03-10', minutes: 1000 });
    await expectRejectedWithoutWrites('input.minutes', [() => logTime({ date: '2026-03-10', minutes: 441 })]);
    await logged({ date: '2026-03-10', minutes: 440 });
    // Bob's day is his own.
    await logged({ memberId: bobId, date: '2026-03-10', minutes: 600 }, bob());
  });

  it('holds the daily limit when entries for one member-day race each other', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () => logTime({ date: '2026-03-11', minutes: 400 })),
    );
    expect(attempts.filter((r) => r.data?.logTime)).toHaveLength(3);
    expect(attempts.filter((r) => errorOf(r).code === 'BAD_USER_INPUT')).toHaveLength(3);
    const [row] = await service.dataSource.query<Array<{ total: number }>>(
      `SELECT sum(minutes)::int AS total FROM time_entry WHERE member_id = $1 AND entry_date = '2026-03-11'`,
      [aliceId],
    );
    expect(row.total).toBe(1200);
  });

  it('refuses time for an inactive member (input.memberId)', async () => {
    const leaver = await createMember(service, { name: 'Leaver' });
    await service.query(
      `mutation ($input: UpdateTeamMemberInput!) { updateTeamMember(input: $input) { id } }`,
      {
        input: { id: leaver, active: false },
      },
    );
    await expectRejectedWithoutWrites('input.memberId', [() => logTime({ memberId: leaver }, DELIVERY)]);
  });

  it('refuses time on a project that is not PLANNED or ACTIVE (input.projectId)', async () => {
    const done = await createProject(service, engagementId);
    await service.query(
      `mutation ($id: ID!) { startProject(projectId: $id) { id } }`,
      { id: done },
      DELIVERY,
    );
    await logged({ projectId: done, date: '2026-03-04' });
    await service.query(
      `mutation ($id: ID!) { completeProject(projectId: $id) { id } }`,
      { id: done },
      DELIVERY,
    );
    const cancelled = await createProject(service, engagementId);
    await service.query(
      `mutation ($id: ID!) { cancelProject(projectId: $id) { id } }`,
      { id: cancelled },
      DELIVERY,
    );
    await expectRejectedWithoutWrites('input.projectId', [
      () => logTime({ projectId: done }),
      () => logTime({ projectId: cancelled }),
    ]);
  });

  it('refuses time on the projects of a closed engagement', async () => {
    const opened = engagementOpened();
    await feedAndApply(service, [opened]);
    const project = await createProject(service, opened.payload.engagementId);
    await feedAndApply(service, [
      event('EngagementClosed', {
        engagementId: opened.payload.engagementId,
        closedAt: new Date().toISOString(),
      }),
    ]);
    await expectRejectedWithoutWrites('input.projectId', [() => logTime({ projectId: project })]);
  });

  it('answers NOT_FOUND for an unknown project or member', async () => {
    expect(errorOf(await logTime({ projectId: randomUUID() }))).toEqual({
      code: 'NOT_FOUND',
      field: 'input.projectId',
    });
    expect(errorOf(await logTime({ memberId: randomUUID() }, DELIVERY))).toEqual({
      code: 'NOT_FOUND',
      field: 'input.memberId',
    });
  });
});

describe('correcting and deleting time', () => {
  const correct = (id: string, minutes: number, billable: boolean, who = alice()) =>
    service.query<{ correctTimeEntry: Entry }>(
      `mutation ($id: ID!, $minutes: Int!, $billable: Boolean!) { correctTimeEntry(id: $id, minutes: $minutes, billable: $billable) { id minutes billable } }`,
      { id, minutes, billable },
      who,
    );
  const remove = (id: string, who = alice()) =>
    service.query<{ deleteTimeEntry: boolean }>(
      `mutation ($id: ID!) { deleteTimeEntry(id: $id) }`,
      { id },
      who,
    );

  it('lets the owner or DELIVERY correct an entry within the same limits and publishes TimeEntryCorrected', async () => {
    const entry = await logged({ date: '2026-04-01', minutes: 60 });
    const before = await loggedHours();
    expect(errorOf(await correct(entry.id, 120, true, bob())).code).toBe('FORBIDDEN');
    expect(errorOf(await correct(entry.id, 0, true))).toEqual({ code: 'BAD_USER_INPUT', field: 'minutes' });
    await logged({ date: '2026-04-01', minutes: 1000 });
    // The entry's own minutes do not count against it: 1000 + 440 is the most the day holds.
    expect(errorOf(await correct(entry.id, 441, true))).toEqual({ code: 'BAD_USER_INPUT', field: 'minutes' });
    expect(await loggedHours()).toBe(before + 1000 / 60);

    expect((await correct(entry.id, 440, false)).data?.correctTimeEntry).toEqual({
      id: entry.id,
      minutes: 440,
      billable: false,
    });
    expect((await correct(entry.id, 30, true, DELIVERY)).data?.correctTimeEntry.minutes).toBe(30);
    const [payload] = await service.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE type = 'TimeEntryCorrected' AND envelope->'payload'->>'entryId' = $1 ORDER BY id DESC LIMIT 1`,
      [entry.id],
    );
    expect(payload.payload).toEqual(
      expect.objectContaining({
        engagementId,
        projectId,
        memberId: aliceId,
        date: '2026-04-01',
        minutes: 30,
        billable: true,
      }),
    );
  });

  it('lets the owner or DELIVERY delete an entry and publishes TimeEntryDeleted', async () => {
    const entry = await logged({ date: '2026-04-02', minutes: 45 });
    const before = await loggedHours();
    expect(errorOf(await remove(entry.id, bob())).code).toBe('FORBIDDEN');
    expect(await loggedHours()).toBe(before);
    expect((await remove(entry.id)).data?.deleteTimeEntry).toBe(true);
    expect(await loggedHours()).toBe(before - 0.75);
    expect(errorOf(await remove(entry.id, DELIVERY))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    const rows = await service.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE type = 'TimeEntryDeleted' AND envelope->'payload'->>'entryId' = $1`,
      [entry.id],
    );
    expect(rows[0].payload).toEqual(
      expect.objectContaining({ engagementId, projectId, memberId: aliceId, date: '2026-04-02' }),
    );
  });
});

describe('reading time entries', () => {
  it('shows a MEMBER only their own entries and DELIVERY, FINANCE and ADMIN everyone’s, within [from, to]', async () => {
    const opened = engagementOpened();
    await feedAndApply(service, [opened]);
    const project = await createProject(service, opened.payload.engagementId);
    await logged({ projectId: project, date: '2026-05-04', minutes: 10 });
    await logged({ projectId: project, date: '2026-05-06', minutes: 20 });
    await logged({ projectId: project, memberId: bobId, date: '2026-05-05', minutes: 30 }, bob());

    const entries = async (who: ReturnType<typeof identity>, range: { from?: string; to?: string } = {}) => {
      const response = await service.query<{ project: { timeEntries: Entry[] } }>(
        `query ($id: ID!, $from: Date, $to: Date) { project(id: $id) { timeEntries(from: $from, to: $to) { minutes member { id } } } }`,
        { id: project, ...range },
        who,
      );
      return response.data?.project.timeEntries.map((e) => e.minutes);
    };
    expect(await entries(alice())).toEqual([10, 20]);
    expect(await entries(bob())).toEqual([30]);
    expect(await entries(DELIVERY)).toEqual([10, 30, 20]);
    expect(await entries(FINANCE)).toEqual([10, 30, 20]);
    expect(await entries(ADMIN, { from: '2026-05-05', to: '2026-05-06' })).toEqual([30, 20]);
    expect(await entries(ADMIN, { from: '2026-05-06' })).toEqual([20]);
    expect(await loggedHours(project)).toBe(1);
  });
});

describe('the role an entry is worked under', () => {
  const outboxPayload = async (type: string, entryId: string) => {
    const [row] = (await service.dataSource.query(
      `SELECT envelope->'payload' AS payload FROM outbox WHERE type = $1 AND envelope->'payload'->>'entryId' = $2`,
      [type, entryId],
    )) as Array<{ payload: { role: string | null } }>;
    return row?.payload;
  };

  it('is the allocation’s role on that project covering the date, else the member’s primary role', async () => {
    const carolId = await createMember(service, { name: 'Carol', primaryRole: ' Developer ' });
    const carol = identity(carolId, ['MEMBER'], 'Carol');
    const allocated = await service.query(
      `mutation ($input: AllocateInput!) { allocate(input: $input) { id primaryRole allocations { role from to } } }`,
      {
        input: {
          memberId: carolId,
          projectId,
          hoursPerWeek: 10,
          from: '2026-03-02',
          to: '2026-03-06',
          role: 'Architect',
        },
      },
      DELIVERY,
    );
    expect(allocated.errors).toBeUndefined();
    expect(allocated.data).toMatchObject({
      allocate: {
        primaryRole: 'Developer',
        allocations: [{ role: 'Architect', from: '2026-03-02', to: '2026-03-06' }],
      },
    });
    const inRange = await logged({ memberId: carolId, date: '2026-03-04' }, carol);
    const outside = await logged({ memberId: carolId, date: '2026-03-09' }, carol);
    expect((await outboxPayload('TimeLogged', inRange.id))?.role).toBe('Architect');
    expect((await outboxPayload('TimeLogged', outside.id))?.role).toBe('Developer');
    // A correction carries the role again (accounting re-prices the entry from it).
    const corrected = await service.query(
      `mutation { correctTimeEntry(id: "${inRange.id}", minutes: 90, billable: true) { id } }`,
      {},
      carol,
    );
    expect(corrected.errors).toBeUndefined();
    expect((await outboxPayload('TimeEntryCorrected', inRange.id))?.role).toBe('Architect');
  });

  it('lets only ADMIN set a primary role, published with the member', async () => {
    const daveId = await createMember(service, { name: 'Dave' });
    const set = (who: typeof ADMIN) =>
      service.query(
        `mutation ($input: UpdateTeamMemberInput!) { updateTeamMember(input: $input) { primaryRole } }`,
        { input: { id: daveId, primaryRole: 'Business Analyst' } },
        who,
      );
    expect((await set(DELIVERY)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await set(ADMIN)).data).toEqual({ updateTeamMember: { primaryRole: 'Business Analyst' } });
    const [published] = (await service.dataSource.query(
      `SELECT envelope->'payload'->>'primaryRole' AS role FROM outbox
       WHERE type = 'TeamMemberUpserted' AND envelope->'payload'->>'memberId' = $1 ORDER BY id DESC LIMIT 1`,
      [daveId],
    )) as Array<{ role: string | null }>;
    expect(published.role).toBe('Business Analyst');
  });
});
