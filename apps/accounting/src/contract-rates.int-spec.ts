import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, type EventPayloadInput, type EventType } from '@platform/events';
import { eventually, identity, startTestService, type TestService } from '@platform/testing';
import { accountingService } from './service';
import { feed, finance, financialsOf, setRate, type FinancialsOut } from './testing/scenario';

/*
 * ARCHITECTURE.md, "Rate cards and honest estimates": time-and-materials revenue per billable
 * entry = round_half_even(minutes × contract bill rate of the entry's role / 60); a role the
 * contract has no rate for is billed at the member's own rate and counted in offContractHours.
 */

const usd = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'USD' });
const ev = <T extends EventType>(type: T, payload: EventPayloadInput<T>, source: string): EventEnvelope<T> =>
  createEvent(type, payload, { source });

const contractId = randomUUID();
const engagementId = randomUUID();
const memberId = randomUUID();
const projectId = randomUUID();

const signedPayload = {
  contractId,
  opportunityId: randomUUID(),
  title: 'Analytics rollout',
  clientId: randomUUID(),
  clientName: 'Acme',
  accountManagerId: null,
  sellerId: randomUUID(),
  value: usd(1_700_000),
  pricingModel: 'TIME_AND_MATERIALS' as const,
  startDate: '2026-03-02',
  endDate: '2026-04-30',
  budgetMinutes: 100 * 60,
  estimatedMinutes: 100 * 60,
  estimateLines: [{ role: 'Developer', minutes: 100 * 60, costRate: usd(5000), billRate: usd(17000) }],
  scope: 'Dashboards',
  signedAt: '2026-03-01T09:00:00.000Z',
};
const signedV2 = ev(
  'ContractSigned',
  { ...signedPayload, rates: [{ role: 'Developer', billRate: usd(17000), minutes: 6000 }] },
  'sales',
);
/** The same contract as sales published it before the upgrade: v1, no rate table. */
const signedV1 = {
  ...ev('ContractSigned', { ...signedPayload, rates: [] }, 'sales'),
  version: 1,
  payload: signedPayload,
} as unknown as EventEnvelope;

const opened = ev(
  'EngagementOpened',
  {
    engagementId,
    contractId,
    clientId: signedPayload.clientId,
    clientName: 'Acme',
    name: 'Analytics rollout',
    pricingModel: 'TIME_AND_MATERIALS',
    contractValue: usd(1_700_000),
    startDate: '2026-03-02',
    endDate: '2026-04-30',
    budgetMinutes: 6000,
    estimatedMinutes: 6000,
    accountManagerId: null,
    deliveryOwnerId: null,
    contractSignedAt: '2026-03-01T09:00:00.000Z',
    openedAt: '2026-03-01T09:00:01.000Z',
  },
  'engagement',
);

const logged = (day: number, minutes: number, role: string) =>
  ev(
    'TimeLogged',
    {
      entryId: randomUUID(),
      engagementId,
      projectId,
      memberId,
      date: `2026-03-${String(day).padStart(2, '0')}`,
      minutes,
      billable: true,
      role,
      loggedAt: `2026-03-${String(day).padStart(2, '0')}T18:00:00.000Z`,
    },
    'project-delivery',
  );

// 13 days × 450 min + 180 min = 6030 min = 100.5 h under Developer (spelled two ways).
const developerEntries = [
  ...Array.from({ length: 13 }, (_, i) => logged(2 + i, 450, i % 2 === 0 ? 'Developer' : ' developer ')),
  logged(16, 180, 'Developer'),
];
// 2 h under a role the contract has no rate for.
const offContractEntry = logged(17, 120, 'Tester');

// The member's own card: cost 80.00, bill 200.00 an hour.
const memberRate = {
  memberId,
  costRate: { amount: '80.00', currency: 'USD' },
  billRate: { amount: '200.00', currency: 'USD' },
  effectiveFrom: '2026-01-01',
};

let live: TestService;
let rebuilt: TestService;

beforeAll(async () => {
  [live, rebuilt] = await Promise.all([
    startTestService(accountingService),
    startTestService(accountingService),
  ]);
});

afterAll(async () => {
  await Promise.all([live?.close(), rebuilt?.close()]);
});

async function inboxed(service: TestService, events: readonly EventEnvelope[]): Promise<boolean> {
  const [row] = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [events.map((e) => e.id)],
  )) as Array<{ n: number }>;
  return row.n === new Set(events.map((e) => e.id)).size;
}

const figures = async (service: TestService): Promise<Omit<FinancialsOut, 'updatedAt'> | null> => {
  const f = await financialsOf(service, engagementId);
  if (!f) return null;
  const { updatedAt: _updatedAt, ...rest } = f;
  return rest;
};

const OFF_CONTRACT = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Engagement { financials { offContractHours revenue { amount } } } }
}`;

async function offContractHours(service: TestService): Promise<number | undefined> {
  const res = await service.query<{ _entities: Array<{ financials: { offContractHours: number } | null }> }>(
    OFF_CONTRACT,
    { reps: [{ __typename: 'Engagement', id: engagementId }] },
    finance,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data?._entities[0].financials?.offContractHours;
}

const SET_ROLE_RATE = `mutation ($input: SetRoleRateInput!) {
  setRoleRate(input: $input) { role effectiveFrom costRate { amount currency } billRate { amount currency } }
}`;
const ROLE_RATES = `query ($asOf: Date) { roleRates(asOf: $asOf) { role effectiveFrom costRate { amount } billRate { amount } } }`;

describe('time-and-materials revenue at the contract’s rates', () => {
  it('bills 100.5 h under Developer at the contract’s 170.00, not the member’s own 200.00', async () => {
    await setRate(live, memberRate);
    await feed(live, [signedV2, opened, ...developerEntries]);
    await eventually(() => inboxed(live, [signedV2, opened, ...developerEntries]));

    // Revenue: 13 × round(450 × 170.00 / 60) + round(180 × 170.00 / 60)
    //        = 13 × 1,275.00 + 510.00 = 17,085.00 (at the member's 200.00 it would be 20,100.00).
    // Cost:    6030 min × 80.00 / 60 = 13 × 600.00 + 240.00 = 8,040.00.
    const f = await eventually(async () => {
      const seen = await figures(live);
      return seen?.revenue.amount === '17085.00' ? seen : null;
    });
    expect(f).toMatchObject({
      revenue: { amount: '17085.00', currency: 'USD' },
      cost: { amount: '8040.00', currency: 'USD' },
      margin: { amount: '9045.00', currency: 'USD' },
      billableHours: 100.5,
    });
    expect(await offContractHours(live)).toBe(0);
  });

  it('bills 2 h under a role the contract has no rate for at the member’s rate and counts them off the contract', async () => {
    await feed(live, [offContractEntry]);
    await eventually(() => inboxed(live, [offContractEntry]));
    // 17,085.00 + round(120 × 200.00 / 60) = 17,085.00 + 400.00 = 17,485.00.
    await eventually(async () => (await figures(live))?.revenue.amount === '17485.00');
    expect(await offContractHours(live)).toBe(2);
  });

  it('changes nothing already signed when a role rate is set retroactively', async () => {
    const before = await figures(live);
    const res = await live.query(
      SET_ROLE_RATE,
      {
        input: {
          role: 'Developer',
          costRate: { amount: '95.00', currency: 'USD' },
          billRate: { amount: '250.00', currency: 'USD' },
          effectiveFrom: '2026-01-01',
        },
      },
      finance,
    );
    expect(res.errors).toBeUndefined();
    const [published] = (await live.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'RoleRateSet'`,
    )) as Array<{ n: number }>;
    expect(published.n).toBe(1);
    expect(await figures(live)).toEqual(before);
  });

  it('gives the same figures replayed into an empty projection, the contract arriving last and as v1', async () => {
    // Delivery's topic first (every entry before its engagement), the engagement, then the
    // contract as sales wrote it before the upgrade, and the member's rate last.
    await feed(rebuilt, [...developerEntries, offContractEntry]);
    await feed(rebuilt, [opened]);
    await feed(rebuilt, [signedV1]);
    await eventually(() => inboxed(rebuilt, [...developerEntries, offContractEntry, opened, signedV1]));
    await setRate(rebuilt, memberRate);

    await eventually(async () => (await figures(rebuilt))?.revenue.amount === '17485.00');
    expect(await figures(rebuilt)).toEqual(await figures(live));
    expect(await offContractHours(rebuilt)).toBe(2);
  });
});

describe('a change order adding a role’s rate', () => {
  it('bills time under that role at it from the approval on; earlier time stays off the contract', async () => {
    const second = randomUUID();
    const contract2 = randomUUID();
    const signed2 = ev(
      'ContractSigned',
      {
        ...signedPayload,
        contractId: contract2,
        rates: [{ role: 'Developer', billRate: usd(17000), minutes: 6000 }],
      },
      'sales',
    );
    const opened2 = ev(
      'EngagementOpened',
      { ...opened.payload, engagementId: second, contractId: contract2 },
      'engagement',
    );
    const tester = (day: number) =>
      ev(
        'TimeLogged',
        { ...logged(day, 120, 'Tester').payload, engagementId: second, entryId: randomUUID() },
        'project-delivery',
      );
    const before = tester(10);
    const after = tester(20);
    const changeOrder = ev(
      'ChangeOrderApproved',
      {
        engagementId: second,
        changeOrderId: randomUUID(),
        description: 'Testing',
        amountDelta: usd(0),
        minutesDelta: 0,
        scheduleDeltaDays: 0,
        rates: [{ role: 'tester', billRate: usd(12000) }],
        approvedAt: '2026-03-18T09:00:00.000Z',
      },
      'engagement',
    );
    // The member's rate (200.00) is already on rebuilt's card from the replay test.
    await feed(rebuilt, [signed2, opened2, before, after, changeOrder]);
    await eventually(() => inboxed(rebuilt, [signed2, opened2, before, after, changeOrder]));
    // Before the approval (03-10): round(120 × 200.00 / 60) = 400.00, off the contract (2 h).
    // After it (03-20): round(120 × 120.00 / 60) = 240.00 at the change order's rate.
    // Revenue = 400.00 + 240.00 = 640.00.
    const res = await eventually(async () => {
      const r = await rebuilt.query<{
        _entities: Array<{ financials: { offContractHours: number; revenue: { amount: string } } | null }>;
      }>(OFF_CONTRACT, { reps: [{ __typename: 'Engagement', id: second }] }, finance);
      const f = r.data?._entities[0].financials;
      return f?.revenue.amount === '640.00' ? f : null;
    });
    expect(res).toEqual({ offContractHours: 2, revenue: { amount: '640.00' } });
  });
});

describe('the role rate card', () => {
  const setRoleRate = (service: TestService, input: Record<string, unknown>, who = finance) =>
    service.query<{ setRoleRate: unknown }>(SET_ROLE_RATE, { input }, who);

  it('keeps the history and answers the card in force on a date', async () => {
    const base = {
      costRate: { amount: '50.00', currency: 'USD' },
      billRate: { amount: '150.00', currency: 'USD' },
    };
    expect(
      (await setRoleRate(rebuilt, { ...base, role: 'Architect', effectiveFrom: '2026-01-01' })).errors,
    ).toBeUndefined();
    const raised = {
      costRate: { amount: '60.00', currency: 'USD' },
      billRate: { amount: '180.00', currency: 'USD' },
    };
    // Spelled differently: the same role (trimmed, case-insensitive); the latest spelling shows.
    expect(
      (await setRoleRate(rebuilt, { ...raised, role: ' architect ', effectiveFrom: '2026-06-01' })).errors,
    ).toBeUndefined();

    const march = await rebuilt.query<{ roleRates: Array<Record<string, unknown>> }>(
      ROLE_RATES,
      { asOf: '2026-03-01' },
      finance,
    );
    expect(march.data?.roleRates).toEqual([
      {
        role: 'Architect',
        effectiveFrom: '2026-01-01',
        costRate: { amount: '50.00' },
        billRate: { amount: '150.00' },
      },
    ]);
    const july = await rebuilt.query<{ roleRates: Array<Record<string, unknown>> }>(
      ROLE_RATES,
      { asOf: '2026-07-01' },
      finance,
    );
    expect(july.data?.roleRates).toEqual([
      {
        role: 'architect',
        effectiveFrom: '2026-06-01',
        costRate: { amount: '60.00' },
        billRate: { amount: '180.00' },
      },
    ]);
  });

  it('refuses bad rates by field, writing nothing, and refuses people outside finance', async () => {
    const mixed = await setRoleRate(rebuilt, {
      role: 'Support',
      costRate: { amount: '40.00', currency: 'USD' },
      billRate: { amount: '90.00', currency: 'EUR' },
      effectiveFrom: '2026-01-01',
    });
    expect(mixed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.billRate.currency',
    });
    const decimals = await setRoleRate(rebuilt, {
      role: 'Support',
      costRate: { amount: '40.001', currency: 'USD' },
      billRate: { amount: '90.00', currency: 'USD' },
      effectiveFrom: '2026-01-01',
    });
    expect(decimals.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.costRate.amount',
    });
    const blank = await setRoleRate(rebuilt, {
      role: '   ',
      costRate: { amount: '40.00', currency: 'USD' },
      billRate: { amount: '90.00', currency: 'USD' },
      effectiveFrom: '2026-01-01',
    });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.role' });
    const seller = identity(randomUUID(), ['SALES']);
    const bySales = await setRoleRate(
      rebuilt,
      {
        role: 'Support',
        costRate: { amount: '40.00', currency: 'USD' },
        billRate: { amount: '90.00', currency: 'USD' },
        effectiveFrom: '2026-01-01',
      },
      seller,
    );
    expect(bySales.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const [rows] = (await rebuilt.dataSource.query(
      `SELECT count(*)::int AS n FROM role_rates WHERE role_key = 'support'`,
    )) as Array<{ n: number }>;
    expect(rows.n).toBe(0);
    const member = await rebuilt.query(ROLE_RATES, {}, identity(randomUUID(), ['MEMBER']));
    expect(member.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(JSON.stringify(member.data ?? null)).not.toContain('50.00');
  });
});
