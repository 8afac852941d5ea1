import { randomUUID } from 'node:crypto';
import {
  createEvent,
  topicOf,
  type EventEnvelope,
  type EventPayload,
  type EventPayloadInput,
  type EventType,
} from '@platform/events';
import { produceRaw } from '@platform/messaging/testing';
import { KAFKA_BROKERS, eventually, identity, type TestService } from '@platform/testing';
import type { SetMemberRateInput } from '../domain/member-rates';

/**
 * One engagement history used by the integration tests, with every figure worked out by hand
 * in the tests. Ids are fresh per test file so files never share state.
 */
export function buildScenario() {
  const id = () => randomUUID();
  const ids = {
    tm: id(),
    ff: id(),
    retainer: id(),
    clientAcme: id(),
    clientBeta: id(),
    alice: id(),
    bob: id(),
    carol: id(),
    owner: id(),
    manager: id(),
    milestone: id(),
    entries: Object.fromEntries(
      ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't9', 't10', 't11', 't12', 't13', 't20'].map((k) => [
        k,
        id(),
      ]),
    ) as Record<
      't1' | 't2' | 't3' | 't4' | 't5' | 't6' | 't7' | 't9' | 't10' | 't11' | 't12' | 't13' | 't20',
      string
    >,
  };
  const ev = <T extends EventType>(
    type: T,
    payload: EventPayloadInput<T>,
    source: string,
  ): EventEnvelope<T> => createEvent(type, payload, { source });
  const usd = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'USD' });
  const projectId = id();

  const opened = (
    engagementId: string,
    over: Partial<EventPayload<'EngagementOpened'>>,
  ): EventEnvelope<'EngagementOpened'> =>
    ev(
      'EngagementOpened',
      {
        engagementId,
        contractId: id(),
        clientId: ids.clientAcme,
        clientName: 'Acme (from contract)',
        name: 'Engagement',
        pricingModel: 'TIME_AND_MATERIALS',
        contractValue: usd(1_000_000),
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        budgetMinutes: 6000,
        estimatedMinutes: 4800,
        accountManagerId: ids.manager,
        deliveryOwnerId: ids.owner,
        contractSignedAt: '2025-12-20T10:00:00.000Z',
        openedAt: '2025-12-20T10:00:01.000Z',
        ...over,
      },
      'engagement',
    );

  const logged = (
    entryId: string,
    engagementId: string,
    memberId: string,
    date: string,
    minutes: number,
    billable: boolean,
    loggedAt = `${date}T18:00:00.000Z`,
  ) =>
    ev(
      'TimeLogged',
      { entryId, engagementId, projectId, memberId, date, minutes, billable, loggedAt },
      'project-delivery',
    );

  const e = ids.entries;
  /** Engagement topic (with sales' client names). */
  const engagementEvents: EventEnvelope[] = [
    ev(
      'ClientCreated',
      {
        clientId: ids.clientAcme,
        name: 'Acme, Inc.',
        industry: null,
        accountManagerId: null,
        createdAt: '2025-11-01T00:00:00.000Z',
      },
      'sales',
    ),
    ev(
      'ClientCreated',
      {
        clientId: ids.clientBeta,
        name: 'Beta "Labs"',
        industry: null,
        accountManagerId: null,
        createdAt: '2025-11-01T00:00:00.000Z',
      },
      'sales',
    ),
    opened(ids.tm, { name: 'Acme T&M' }),
    opened(ids.ff, {
      name: 'Acme fixed fee',
      pricingModel: 'FIXED_FEE',
      contractValue: usd(120_000),
      budgetMinutes: 600,
      estimatedMinutes: 600,
    }),
    opened(ids.retainer, {
      name: 'Beta retainer',
      clientId: ids.clientBeta,
      clientName: 'Beta',
      pricingModel: 'RETAINER',
      contractValue: { amountMinor: '90000', currency: 'EUR' },
      startDate: '2025-01-01',
      endDate: '2025-03-31',
      budgetMinutes: 0,
      estimatedMinutes: 0,
      accountManagerId: null,
      deliveryOwnerId: null,
    }),
    ev(
      'EngagementRolesAssigned',
      {
        engagementId: ids.retainer,
        accountManagerId: ids.manager,
        deliveryOwnerId: ids.owner,
        assignedAt: '2025-01-02T00:00:00.000Z',
      },
      'engagement',
    ),
    ev(
      'ChangeOrderApproved',
      {
        engagementId: ids.ff,
        changeOrderId: id(),
        description: 'More scope',
        amountDelta: usd(30_000),
        minutesDelta: 120,
        scheduleDeltaDays: 10,
        approvedAt: '2026-03-10T12:00:00.000Z',
      },
      'engagement',
    ),
  ];

  /** Delivery topic. */
  const deliveryEvents: EventEnvelope[] = [
    ev(
      'TeamMemberUpserted',
      {
        memberId: ids.owner,
        name: 'Olga Owner',
        email: 'olga@example.com',
        title: null,
        roles: ['DELIVERY'],
        weeklyCapacityMinutes: 2400,
        active: true,
        updatedAt: '2025-11-01T00:00:00.000Z',
      },
      'project-delivery',
    ),
    ev(
      'TeamMemberUpserted',
      {
        memberId: ids.manager,
        name: 'Max Manager',
        email: 'max@example.com',
        title: null,
        roles: ['SALES'],
        weeklyCapacityMinutes: 2400,
        active: true,
        updatedAt: '2025-11-01T00:00:00.000Z',
      },
      'project-delivery',
    ),
    logged(e.t1, ids.tm, ids.alice, '2026-01-05', 30, true),
    logged(e.t2, ids.tm, ids.alice, '2026-01-06', 90, true),
    logged(e.t3, ids.tm, ids.alice, '2026-01-20', 60, false),
    logged(e.t4, ids.tm, ids.alice, '2026-02-10', 60, true),
    logged(e.t5, ids.tm, ids.alice, '2026-01-16', 45, true),
    ev(
      'TimeEntryCorrected',
      {
        entryId: e.t5,
        engagementId: ids.tm,
        projectId,
        memberId: ids.alice,
        date: '2026-01-16',
        minutes: 15,
        billable: true,
        correctedAt: '2026-01-17T09:00:00.000Z',
      },
      'project-delivery',
    ),
    logged(e.t6, ids.tm, ids.alice, '2026-01-08', 120, true),
    ev(
      'TimeEntryDeleted',
      {
        entryId: e.t6,
        engagementId: ids.tm,
        projectId,
        memberId: ids.alice,
        date: '2026-01-08',
        deletedAt: '2026-01-09T09:00:00.000Z',
      },
      'project-delivery',
    ),
    // Bob's rates are in EUR: his time on a USD engagement is never summed.
    logged(e.t7, ids.tm, ids.bob, '2026-01-09', 60, true),
    // The deletion overtakes its TimeLogged: the late, older TimeLogged must not revive it.
    ev(
      'TimeEntryDeleted',
      {
        entryId: e.t9,
        engagementId: ids.tm,
        projectId,
        memberId: ids.alice,
        date: '2026-01-12',
        deletedAt: '2026-01-13T09:00:00.000Z',
      },
      'project-delivery',
    ),
    logged(e.t9, ids.tm, ids.alice, '2026-01-12', 240, true, '2026-01-12T18:00:00.000Z'),
    logged(e.t10, ids.ff, ids.carol, '2026-03-02', 300, true),
    logged(e.t11, ids.ff, ids.carol, '2026-03-12', 120, true),
    logged(e.t20, ids.retainer, ids.bob, '2025-02-03', 60, true),
    ev(
      'MilestoneSignedOff',
      {
        milestoneId: ids.milestone,
        projectId,
        engagementId: ids.ff,
        kind: 'IMPLEMENTATION',
        name: 'Go-live',
        billingAmount: usd(50_000),
        signedOffAt: '2026-03-15T12:00:00.000Z',
      },
      'project-delivery',
    ),
  ];

  const rates: SetMemberRateInput[] = [
    {
      memberId: ids.alice,
      costRate: { amount: '1.01', currency: 'USD' },
      billRate: { amount: '100.00', currency: 'USD' },
      effectiveFrom: '2026-01-01',
    },
    {
      memberId: ids.alice,
      costRate: { amount: '2.00', currency: 'USD' },
      billRate: { amount: '150.00', currency: 'USD' },
      effectiveFrom: '2026-02-01',
    },
    {
      memberId: ids.bob,
      costRate: { amount: '50.00', currency: 'EUR' },
      billRate: { amount: '90.00', currency: 'EUR' },
      effectiveFrom: '2025-01-01',
    },
    {
      memberId: ids.carol,
      costRate: { amount: '30.00', currency: 'USD' },
      billRate: { amount: '0', currency: 'USD' },
      effectiveFrom: '2026-01-01',
    },
  ];
  /** Set after the entries are costed: re-costs Alice's entries dated 2026-01-15 … 2026-01-31. */
  const retroactiveRate: SetMemberRateInput = {
    memberId: ids.alice,
    costRate: { amount: '1.20', currency: 'USD' },
    billRate: { amount: '120.00', currency: 'USD' },
    effectiveFrom: '2026-01-15',
  };

  return {
    ids,
    ev,
    opened,
    logged,
    usd,
    projectId,
    engagementEvents,
    deliveryEvents,
    rates,
    retroactiveRate,
  };
}

export type Scenario = ReturnType<typeof buildScenario>;

/** Produces envelopes to the service's topics (per topic, in the given order) through Kafka. */
export async function feed(
  service: Pick<TestService, 'topicPrefix'>,
  events: readonly EventEnvelope[],
): Promise<void> {
  const byTopic = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const topic = topicOf(event.type, service.topicPrefix);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
  }
  for (const [topic, list] of byTopic) {
    await produceRaw({
      brokers: KAFKA_BROKERS,
      topic,
      messages: list.map((event) => ({
        key: event.key,
        value: JSON.stringify(event),
        headers: { type: event.type, version: String(event.version) },
      })),
    });
  }
}

/** The events accounting published about an engagement (its outbox), oldest first, of the types given. */
export async function publishedAbout(
  service: Pick<TestService, 'dataSource'>,
  engagementId: string,
  types: readonly string[],
): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  return (await service.dataSource.query(
    `SELECT type, envelope->'payload' AS payload FROM outbox
     WHERE type = ANY($2::text[]) AND envelope->'payload'->>'engagementId' = $1 ORDER BY id`,
    [engagementId, types],
  )) as Array<{ type: string; payload: Record<string, unknown> }>;
}

export const finance = identity('00000000-0000-4000-8000-00000000f1f1', ['FINANCE'], 'Fiona Finance');

export const SET_RATE = `mutation ($input: SetMemberRateInput!) {
  setMemberRate(input: $input) { id rates { effectiveFrom costRate { amount currency } billRate { amount currency } } }
}`;

export const FINANCIALS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Engagement {
      id
      financials {
        contractValue { amount currency } changeOrderValue { amount currency } revenue { amount currency }
        cost { amount currency } margin { amount currency } marginPercent invoiced { amount currency }
        budgetHours loggedHours billableHours estimatedHours burnPercent estimateVariancePercent atRisk updatedAt
      }
    }
  }
}`;

export const REPORT = `query ($input: ProfitabilityReportInput!) {
  profitabilityReport(input: $input) {
    from to groupBy
    rows { key label currency revenue { amount currency } cost { amount currency } margin { amount currency } marginPercent hours billableHours }
    totals { key label currency revenue { amount currency } cost { amount currency } margin { amount currency } marginPercent hours billableHours }
  }
}`;

export interface MoneyOut {
  amount: string;
  currency: string;
}
export interface FinancialsOut {
  contractValue: MoneyOut;
  changeOrderValue: MoneyOut;
  revenue: MoneyOut;
  cost: MoneyOut;
  margin: MoneyOut;
  marginPercent: number | null;
  invoiced: MoneyOut;
  budgetHours: number;
  loggedHours: number;
  billableHours: number;
  estimatedHours: number;
  burnPercent: number;
  estimateVariancePercent: number | null;
  atRisk: boolean;
  updatedAt: string;
}
export interface RowOut {
  key: string;
  label: string;
  currency: string;
  revenue: MoneyOut;
  cost: MoneyOut;
  margin: MoneyOut;
  marginPercent: number | null;
  hours: number;
  billableHours: number;
}
export interface ReportOut {
  from: string;
  to: string;
  groupBy: string;
  rows: RowOut[];
  totals: RowOut[];
}

export async function financialsOf(
  service: TestService,
  engagementId: string,
): Promise<FinancialsOut | null> {
  const res = await service.query<{ _entities: Array<{ financials: FinancialsOut | null }> }>(
    FINANCIALS,
    { reps: [{ __typename: 'Engagement', id: engagementId }] },
    finance,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data?._entities[0]?.financials ?? null;
}

export async function reportOf(
  service: TestService,
  input: { from: string; to: string; groupBy: string },
): Promise<ReportOut> {
  const res = await service.query<{ profitabilityReport: ReportOut }>(REPORT, { input }, finance);
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.profitabilityReport;
}

/**
 * Makes a team member known to accounting as project-delivery would (TeamMemberUpserted through
 * Kafka) and waits until the projection has them: rates are refused for unknown members.
 */
export async function knowMember(
  service: TestService,
  memberId: string,
  name = `Member ${memberId.slice(0, 8)}`,
) {
  const known = async () =>
    (
      (await service.dataSource.query(`SELECT 1 FROM member_labels WHERE member_id = $1`, [
        memberId,
      ])) as unknown[]
    ).length > 0;
  if (await known()) return;
  await feed(service, [
    createEvent(
      'TeamMemberUpserted',
      {
        memberId,
        name,
        email: `${memberId}@example.com`,
        title: null,
        roles: ['MEMBER'],
        weeklyCapacityMinutes: 2400,
        active: true,
        updatedAt: '2025-01-01T00:00:00.000Z',
      },
      { source: 'project-delivery' },
    ),
  ]);
  await eventually(known);
}

/** Sets a rate as FINANCE, after making its member known to accounting. */
export async function setRate(service: TestService, input: SetMemberRateInput): Promise<void> {
  await knowMember(service, input.memberId);
  const res = await service.query(SET_RATE, { input }, finance);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}
