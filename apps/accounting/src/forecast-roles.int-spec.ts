import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, type EventPayloadInput, type EventType } from '@platform/events';
import { eventually, startTestService, type TestService } from '@platform/testing';
import { accountingService } from './service';
import { feed, finance, publishedAbout, setRate } from './testing/scenario';

/*
 * ARCHITECTURE.md, "Foresight": TIME_AND_MATERIALS forecast revenue = revenue + each booked hour at
 * the contract bill rate of the allocation's role; the allocation without a role is worked under
 * the member's primary role; a role the contract has no rate for is priced at the member's own bill
 * rate (as actual T&M revenue). Through real Kafka and PostgreSQL: ContractSigned (rate table),
 * TeamMemberUpserted (primary role), AllocationPlanned (role), ChangeOrderApproved (new rate).
 * Consumers evaluate as of today, so the engagement runs from D − 9 to D + 30 around today (D).
 */
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const day = (offset: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);

const usd = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'USD' });
const ev = <T extends EventType>(type: T, payload: EventPayloadInput<T>, source: string): EventEnvelope<T> =>
  createEvent(type, payload, { source });

const contractId = randomUUID();
const engagementId = randomUUID();
const projectId = randomUUID();
const alice = randomUUID();
const bob = randomUUID();
let service: TestService;

const signed = ev(
  'ContractSigned',
  {
    contractId,
    opportunityId: randomUUID(),
    title: 'Platform build',
    clientId: randomUUID(),
    clientName: 'Acme',
    accountManagerId: null,
    sellerId: randomUUID(),
    value: usd(3_000_000),
    pricingModel: 'TIME_AND_MATERIALS',
    startDate: day(-9),
    endDate: day(30),
    budgetMinutes: 200 * 60,
    estimatedMinutes: 200 * 60,
    estimateLines: [{ role: 'Developer', minutes: 200 * 60, costRate: usd(5000), billRate: usd(15000) }],
    rates: [{ role: 'Developer', billRate: usd(15000), minutes: 200 * 60 }],
    scope: 'Platform',
    signedAt: `${day(-10)}T09:00:00.000Z`,
  },
  'sales',
);

const opened = ev(
  'EngagementOpened',
  {
    engagementId,
    contractId,
    clientId: signed.payload.clientId,
    clientName: 'Acme',
    name: 'Platform build',
    pricingModel: 'TIME_AND_MATERIALS',
    contractValue: usd(3_000_000),
    startDate: day(-9),
    endDate: day(30),
    budgetMinutes: 200 * 60,
    estimatedMinutes: 200 * 60,
    accountManagerId: null,
    deliveryOwnerId: null,
    contractSignedAt: `${day(-10)}T09:00:00.000Z`,
    openedAt: `${day(-10)}T09:00:01.000Z`,
  },
  'engagement',
);

const member = (memberId: string, primaryRole: string | null, updatedAt: string) =>
  ev(
    'TeamMemberUpserted',
    {
      memberId,
      name: `Member ${memberId.slice(0, 8)}`,
      email: `${memberId}@example.com`,
      title: null,
      roles: ['MEMBER'],
      weeklyCapacityMinutes: 2400,
      active: true,
      primaryRole,
      updatedAt,
    },
    'project-delivery',
  );

/** A confirmed allocation over D+1 … D+28: any 28 consecutive days hold exactly 20 working days. */
const allocated = (memberId: string, minutesPerWeek: number, role: string | null) =>
  ev(
    'AllocationPlanned',
    {
      allocationId: randomUUID(),
      memberId,
      projectId,
      engagementId,
      minutesPerWeek,
      from: day(1),
      to: day(28),
      role,
      status: 'CONFIRMED',
      createdAt: '2026-01-01T00:00:00.000Z',
      changedAt: '2026-01-01T00:00:00.000Z',
    },
    'project-delivery',
  );

const FORECAST = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Engagement { financials {
  forecast { remainingHours eacCost { amount } revenue { amount } margin { amount } marginPercent } } } } }`;

interface ForecastOut {
  remainingHours: number;
  eacCost: { amount: string };
  revenue: { amount: string };
  margin: { amount: string };
  marginPercent: number | null;
}

async function forecast(): Promise<ForecastOut | null> {
  const res = await service.query<{ _entities: Array<{ financials: { forecast: ForecastOut } | null }> }>(
    FORECAST,
    { reps: [{ __typename: 'Engagement', id: engagementId }] },
    finance,
  );
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data._entities[0].financials?.forecast ?? null;
}

async function publishedMargins(): Promise<string[]> {
  const rows = await publishedAbout(service, engagementId, ['ForecastChanged']);
  return rows.map((r) => (r.payload.forecastMargin as { amountMinor: string } | null)?.amountMinor ?? 'null');
}

beforeAll(async () => {
  service = await startTestService(accountingService);
  await setRate(service, {
    memberId: alice,
    costRate: { amount: '50.00', currency: 'USD' },
    billRate: { amount: '80.00', currency: 'USD' },
    effectiveFrom: '2020-01-01',
  });
  await setRate(service, {
    memberId: bob,
    costRate: { amount: '40.00', currency: 'USD' },
    billRate: { amount: '70.00', currency: 'USD' },
    effectiveFrom: '2020-01-01',
  });
});

afterAll(async () => {
  await service?.close();
});

describe('T&M forecast revenue at the contract rate of each allocation role', () => {
  it('prices booked hours by role: the allocation role, else the primary role, else the member rate', async () => {
    // The ledger and its rate table first (read from other topics than the bookings).
    await feed(service, [signed, opened]);
    await eventually(async () => (await forecast()) !== null);
    await feed(service, [
      member(alice, 'Developer', '2026-01-01T00:00:00.000Z'),
      // Alice, no role → her primary role Developer (contract 150.00): 2 h × 20 days = 40 h = 6,000.00
      allocated(alice, 600, null),
      // Alice as Architect, a role the contract has no rate for → her 80.00: 20 h = 1,600.00
      allocated(alice, 300, 'Architect'),
      // Bob as " developer " (the role compared trimmed, case-insensitively) → 150.00: 40 h = 6,000.00
      allocated(bob, 600, ' developer '),
      // Bob, no role and no primary role → his 70.00: 20 h = 1,400.00
      allocated(bob, 300, null),
    ]);
    await eventually(async () => (await forecast())?.remainingHours === 120);
    // Nothing logged yet: revenue 0 + 6,000.00 + 1,600.00 + 6,000.00 + 1,400.00 = 15,000.00;
    // EAC cost Alice 60 h × 50.00 + Bob 60 h × 40.00 = 3,000.00 + 2,400.00 = 5,400.00;
    // margin 9,600.00 = 64 % (at the members' bill rates alone it would be 4,800.00 + 4,200.00 = 9,000.00).
    expect(await forecast()).toEqual({
      remainingHours: 120,
      eacCost: { amount: '5400.00' },
      revenue: { amount: '15000.00' },
      margin: { amount: '9600.00' },
      marginPercent: 64,
    });
    await eventually(async () => (await publishedMargins()).at(-1) === '960000');
  });

  it('moves the forecast when the primary role changes (TeamMemberUpserted)', async () => {
    // Alice's primary role becomes Tester, not in the contract: her 40 h without a role fall back to
    // her 80.00 = 3,200.00. Revenue 15,000.00 − 6,000.00 + 3,200.00 = 12,200.00; margin 6,800.00.
    await feed(service, [member(alice, 'Tester', '2026-01-02T00:00:00.000Z')]);
    await eventually(async () => (await forecast())?.revenue.amount === '12200.00');
    expect(await forecast()).toEqual(
      expect.objectContaining({ revenue: { amount: '12200.00' }, margin: { amount: '6800.00' } }),
    );
    await eventually(async () => (await publishedMargins()).at(-1) === '680000');
  });

  it('prices a role at the rate a change order approved (from its day on)', async () => {
    // Architect at 120.00 from today: Alice's 20 h as Architect = 2,400.00 instead of 1,600.00.
    // Revenue 12,200.00 − 1,600.00 + 2,400.00 = 13,000.00; margin 7,600.00.
    await feed(service, [
      ev(
        'ChangeOrderApproved',
        {
          engagementId,
          changeOrderId: randomUUID(),
          description: 'An architect',
          amountDelta: usd(0),
          minutesDelta: 0,
          scheduleDeltaDays: 0,
          rates: [{ role: 'Architect', billRate: usd(12000) }],
          approvedAt: `${today}T00:00:00.000Z`,
        },
        'engagement',
      ),
    ]);
    await eventually(async () => (await forecast())?.revenue.amount === '13000.00');
    expect(await forecast()).toEqual(
      expect.objectContaining({ revenue: { amount: '13000.00' }, margin: { amount: '7600.00' } }),
    );
    await eventually(async () => (await publishedMargins()).at(-1) === '760000');
  });
});
