import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventEnvelope,
  type EventPayload,
  type EventPayloadInput,
  type EventType,
} from '@platform/events';
import { IDENTITY_HEADER, signIdentity } from '@platform/graphql-kit';
import {
  TEST_SIGNING_SECRET,
  eventually,
  identity,
  startTestService,
  type TestService,
} from '@platform/testing';
import { accountingService } from './service';
import { feed, finance } from './testing/scenario';

/*
 * ARCHITECTURE.md, "Estimates that learn": at close accounting publishes, per role, the
 * contract's estimated hours and the hours logged under that role; variance = (actual −
 * estimated) / estimated × 100.
 *
 * Three engagements estimated Developer at 100, 200 and 50 h and logged 120, 220 and 50 h:
 * variances +20 %, +10 %, 0 %. Aggregate: (120 + 220 + 50) / (100 + 200 + 50) − 1
 * = 390 / 350 − 1 = +11.43 %; median of (0, 10, 20) = 10; 80th percentile (nearest rank
 * ceil(0.8 × 3) = 3rd of 3) = 20.
 */

const usd = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'USD' });
const ev = <T extends EventType>(type: T, payload: EventPayloadInput<T>, source: string): EventEnvelope<T> =>
  createEvent(type, payload, { source });

const clientId = randomUUID();
const sellerId = randomUUID();
const memberId = randomUUID();

interface Past {
  engagementId: string;
  events: { sales: EventEnvelope[]; engagement: EventEnvelope[]; delivery: EventEnvelope[] };
}

/** A closed engagement that estimated Developer at `estimatedH` and logged `loggedH` under it. */
function pastEngagement(estimatedH: number, loggedH: number, closedOn: string): Past {
  const contractId = randomUUID();
  const engagementId = randomUUID();
  const projectId = randomUUID();
  const signed = ev(
    'ContractSigned',
    {
      contractId,
      opportunityId: randomUUID(),
      title: `Build ${estimatedH} h`,
      clientId,
      clientName: 'Acme',
      accountManagerId: null,
      sellerId,
      value: usd(estimatedH * 15_000),
      pricingModel: 'FIXED_FEE',
      startDate: '2026-01-05',
      endDate: '2026-06-30',
      budgetMinutes: estimatedH * 60,
      estimatedMinutes: estimatedH * 60,
      estimateLines: [
        { role: 'Developer', minutes: estimatedH * 60, costRate: usd(5000), billRate: usd(15000) },
      ],
      rates: [{ role: 'Developer', billRate: usd(15000), minutes: estimatedH * 60 }],
      scope: 'Build',
      signedAt: '2026-01-02T09:00:00.000Z',
    },
    'sales',
  );
  const opened = ev(
    'EngagementOpened',
    {
      engagementId,
      contractId,
      clientId,
      clientName: 'Acme',
      name: `Build ${estimatedH} h`,
      pricingModel: 'FIXED_FEE',
      contractValue: usd(estimatedH * 15_000),
      startDate: '2026-01-05',
      endDate: '2026-06-30',
      budgetMinutes: estimatedH * 60,
      estimatedMinutes: estimatedH * 60,
      accountManagerId: null,
      deliveryOwnerId: null,
      contractSignedAt: '2026-01-02T09:00:00.000Z',
      openedAt: '2026-01-02T09:00:01.000Z',
    },
    'engagement',
  );
  // Logged in days of 8 h (480 min) and one remainder, all under Developer.
  const entries: EventEnvelope[] = [];
  let left = loggedH * 60;
  for (let day = 0; left > 0; day++) {
    const minutes = Math.min(480, left);
    left -= minutes;
    const date = new Date(Date.UTC(2026, 0, 5 + day)).toISOString().slice(0, 10);
    entries.push(
      ev(
        'TimeLogged',
        {
          entryId: randomUUID(),
          engagementId,
          projectId,
          memberId,
          date,
          minutes,
          billable: true,
          role: day % 2 === 0 ? 'Developer' : ' developer ',
          loggedAt: `${date}T18:00:00.000Z`,
        },
        'project-delivery',
      ),
    );
  }
  const closed = ev(
    'EngagementClosed',
    { engagementId, closedAt: `${closedOn}T12:00:00.000Z` },
    'engagement',
  );
  return { engagementId, events: { sales: [signed], engagement: [opened, closed], delivery: entries } };
}

const pasts = [
  pastEngagement(100, 120, '2026-07-01'),
  pastEngagement(200, 220, '2026-07-02'),
  pastEngagement(50, 50, '2026-07-03'),
];
const allEvents = pasts.flatMap((p) => [...p.events.sales, ...p.events.engagement, ...p.events.delivery]);

const ACCURACY = `query ($input: EstimateAccuracyInput!) {
  estimateAccuracy(input: $input) {
    from to groupBy
    rows { key label engagements estimatedHours actualHours variancePercent medianVariancePercent p80VariancePercent samples }
  }
}`;
const ENGAGEMENT_ACCURACY = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Engagement { estimateAccuracy { role estimatedHours actualHours variancePercent } } }
}`;

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

/** The latest EngagementActualsRecorded of each engagement, by close. */
async function published(service: TestService): Promise<Array<EventPayload<'EngagementActualsRecorded'>>> {
  const rows = (await service.dataSource.query(
    `SELECT DISTINCT ON (envelope->'payload'->>'engagementId') envelope->'payload' AS payload
     FROM outbox WHERE type = 'EngagementActualsRecorded'
     ORDER BY envelope->'payload'->>'engagementId', id DESC`,
  )) as Array<{ payload: EventPayload<'EngagementActualsRecorded'> }>;
  return rows.map((r) => r.payload).sort((a, b) => a.closedAt.localeCompare(b.closedAt));
}

async function publishedCount(service: TestService): Promise<number> {
  const [row] = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM outbox WHERE type = 'EngagementActualsRecorded'`,
  )) as Array<{ n: number }>;
  return row.n;
}

async function accuracy(service: TestService, groupBy: string, who = finance) {
  return service.query<{ estimateAccuracy: { rows: Array<Record<string, unknown>> } }>(
    ACCURACY,
    { input: { from: '2026-07-01', to: '2026-07-31', groupBy } },
    who,
  );
}

async function csv(service: TestService, query: string, who = finance): Promise<Response> {
  const url = new URL(service.url);
  url.pathname = '/reports/estimate-accuracy.csv';
  url.search = query;
  return fetch(url, { headers: { [IDENTITY_HEADER]: signIdentity(who, TEST_SIGNING_SECRET) } });
}

const DEVELOPER_ROW = {
  key: 'developer',
  label: 'Developer',
  engagements: 3,
  estimatedHours: 350,
  actualHours: 390,
  variancePercent: 11.43,
  medianVariancePercent: 10,
  p80VariancePercent: 20,
  samples: 3,
};

describe('estimate accuracy', () => {
  it('publishes EngagementActualsRecorded per closed engagement, estimated from the contract and actual by role', async () => {
    await feed(live, allEvents);
    await eventually(() => inboxed(live, allEvents));
    // The close may be read before the last entries (another topic): a later entry republishes.
    const payloads = await eventually(async () => {
      const seen = await published(live);
      const actual = seen.map((p) => p.roles[0]?.actualMinutes).join();
      return actual === '7200,13200,3000' ? seen : null;
    });
    // 100 h = 6,000 min estimated, 120 h = 7,200 min logged (entries spelled "Developer" and " developer ").
    expect(payloads[0]).toEqual({
      engagementId: pasts[0].engagementId,
      clientId,
      estimatorId: sellerId,
      templateId: null,
      pricingModel: 'FIXED_FEE',
      closedAt: '2026-07-01T12:00:00.000Z',
      roles: [{ role: 'Developer', estimatedMinutes: 6000, actualMinutes: 7200 }],
    });
    expect(payloads.map((p) => p.roles[0])).toEqual([
      { role: 'Developer', estimatedMinutes: 6000, actualMinutes: 7200 },
      { role: 'Developer', estimatedMinutes: 12000, actualMinutes: 13200 },
      { role: 'Developer', estimatedMinutes: 3000, actualMinutes: 3000 },
    ]);

    // The same close again (a new event id, so the inbox lets it through) publishes nothing more.
    const before = await publishedCount(live);
    const again = { ...pasts[0].events.engagement[1], id: randomUUID() };
    await feed(live, [again]);
    await eventually(() => inboxed(live, [again]));
    expect(await publishedCount(live)).toBe(before);
  });

  it('by ROLE: three samples, aggregate +11.43 %, median +10 %, 80th percentile +20 %', async () => {
    const res = await accuracy(live, 'ROLE');
    expect(res.errors).toBeUndefined();
    expect(res.data?.estimateAccuracy.rows).toEqual([DEVELOPER_ROW]);
  });

  it('by CLIENT and ESTIMATOR: one sample per engagement, the same figures here', async () => {
    const byClient = await accuracy(live, 'CLIENT');
    expect(byClient.data?.estimateAccuracy.rows).toEqual([
      { ...DEVELOPER_ROW, key: clientId, label: 'Acme' },
    ]);
    const byEstimator = await accuracy(live, 'ESTIMATOR');
    expect(byEstimator.data?.estimateAccuracy.rows).toEqual([
      { ...DEVELOPER_ROW, key: sellerId, label: sellerId },
    ]);
  });

  it('shows a closed engagement’s roles, estimated against actual, to DELIVERY and refuses MEMBER', async () => {
    const delivery = identity(randomUUID(), ['DELIVERY']);
    const res = await live.query<{ _entities: Array<{ estimateAccuracy: unknown }> }>(
      ENGAGEMENT_ACCURACY,
      { reps: [{ __typename: 'Engagement', id: pasts[0].engagementId }] },
      delivery,
    );
    expect(res.errors).toBeUndefined();
    // (120 − 100) / 100 × 100 = +20 %.
    expect(res.data?._entities[0].estimateAccuracy).toEqual([
      { role: 'Developer', estimatedHours: 100, actualHours: 120, variancePercent: 20 },
    ]);
    const member = await accuracy(live, 'ROLE', identity(randomUUID(), ['MEMBER']));
    expect(member.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(JSON.stringify(member.data ?? null)).not.toContain('11.43');
  });

  it('refuses bad input by field', async () => {
    const res = await live.query(
      ACCURACY,
      { input: { from: '2026-07-31', to: '2026-07-01', groupBy: 'ROLE' } },
      finance,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
  });

  it('serves the same rows as CSV', async () => {
    const response = await csv(live, '?from=2026-07-01&to=2026-07-31&groupBy=ROLE');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="estimate-accuracy-2026-07-01-2026-07-31-ROLE.csv"',
    );
    expect(await response.text()).toBe(
      'key,label,engagements,estimatedHours,actualHours,variancePercent,medianVariancePercent,p80VariancePercent,samples\r\n' +
        'developer,Developer,3,350.00,390.00,11.43,10,20,3\r\n',
    );
    expect((await csv(live, '?from=2026-07-01&to=2026-07-31&groupBy=MONTH')).status).toBe(400);
    expect(
      (await csv(live, '?from=2026-07-01&to=2026-07-31&groupBy=ROLE', identity(randomUUID(), ['SALES'])))
        .status,
    ).toBe(403);
  });

  it('gives the same history replayed into an empty projection, the closes first and the contracts last', async () => {
    const engagement = pasts.flatMap((p) => p.events.engagement);
    const delivery = pasts.flatMap((p) => p.events.delivery);
    const sales = pasts.flatMap((p) => p.events.sales);
    await feed(rebuilt, delivery);
    await eventually(() => inboxed(rebuilt, delivery));
    await feed(rebuilt, engagement);
    await eventually(() => inboxed(rebuilt, engagement));
    // Closed, but the contract (estimated hours, estimator) is not known yet: nothing published.
    expect(await publishedCount(rebuilt)).toBe(0);
    await feed(rebuilt, sales);
    const payloads = await eventually(async () => {
      const seen = await published(rebuilt);
      return seen.length === 3 ? seen : null;
    });
    expect(payloads).toEqual(await published(live));
    // Every fact was there when the contract came: one event per engagement.
    expect(await publishedCount(rebuilt)).toBe(3);
    expect((await accuracy(rebuilt, 'ROLE')).data?.estimateAccuracy.rows).toEqual([DEVELOPER_ROW]);
  });
});
