import { randomUUID } from 'node:crypto';
import { createEvent, topicOf, type EventEnvelope } from '@platform/events';
import { produceRaw } from '@platform/messaging/testing';
import { eventually, KAFKA_BROKERS, startTestService, type TestService } from '@platform/testing';
import { salesService } from './service';
import { people, publishRoleCard, SalesApi, usd } from './testing/sales-fixtures';

/*
 * ARCHITECTURE.md, "Estimates that learn". Closed engagements estimated Developer at 100, 200
 * and 50 h and logged 120, 220 and 50 h: variances +20 %, +10 %, 0 %, median +10 %.
 * A new line of 100 h Developer at cost 50.00 with a price of 6,500.00:
 *   nominal    cost 100 h × 50.00 = 5,000.00, margin 1,500.00, 1,500 / 6,500 = 23.08 % (≥ 20 %)
 *   calibrated 100 h × 1.10 = 110 h, cost 5,500.00, margin 1,000.00, 1,000 / 6,500 = 15.38 % (< 20 %)
 * so a FINANCE approval is required although the nominal margin is fine.
 */

const clientId = randomUUID();
const sellerId = randomUUID();

const actuals = (estimatedH: number, actualH: number, closedOn: string, engagementId = randomUUID()) =>
  createEvent(
    'EngagementActualsRecorded',
    {
      engagementId,
      clientId,
      estimatorId: sellerId,
      pricingModel: 'FIXED_FEE',
      closedAt: `${closedOn}T12:00:00.000Z`,
      roles: [
        { role: ' developer ', estimatedMinutes: estimatedH * 60, actualMinutes: actualH * 60 },
        // A role worked but never estimated teaches nothing about estimating it.
        { role: 'Tester', estimatedMinutes: 0, actualMinutes: 600 },
      ],
    },
    { source: 'accounting' },
  );

const first = actuals(100, 120, '2026-07-01');
const second = actuals(200, 220, '2026-07-02');
const third = actuals(50, 50, '2026-07-03');

async function publish(service: TestService, events: readonly EventEnvelope[]): Promise<void> {
  await produceRaw({
    brokers: KAFKA_BROKERS,
    topic: topicOf('EngagementActualsRecorded', service.topicPrefix),
    messages: events.map((event) => ({
      key: event.key,
      value: JSON.stringify(event),
      headers: { type: event.type, version: String(event.version) },
    })),
  });
  await eventually(async () => {
    const rows = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    )) as Array<{ n: number }>;
    return rows[0].n === events.length;
  });
}

const ESTIMATE = {
  lines: [{ role: 'Developer', hours: 100, costRate: usd('50.00'), billRate: usd('65.00') }],
  price: usd('6500.00'),
  startDate: '2026-09-01',
  endDate: '2026-10-30',
  scope: 'Order management rebuild',
};

const FIELDS = `
  stage signingBlockers
  estimate {
    totalHours marginPercent
    lines { role hours calibration { medianVariancePercent samples suggestedHours } }
    calibrated { totalHours cost { amount currency } margin { amount } marginPercent }
  }
`;

interface Seen {
  stage: string;
  signingBlockers: string[];
  estimate: {
    totalHours: number;
    marginPercent: number | null;
    lines: Array<{
      role: string;
      hours: number;
      calibration: { medianVariancePercent: number; samples: number; suggestedHours: number } | null;
    }>;
    calibrated: {
      totalHours: number;
      cost: { amount: string; currency: string } | null;
      margin: { amount: string } | null;
      marginPercent: number | null;
    } | null;
  };
}

let live: TestService;
let rebuilt: TestService;
let api: SalesApi;
let opportunityId: string;

beforeAll(async () => {
  [live, rebuilt] = await Promise.all([startTestService(salesService), startTestService(salesService)]);
  api = new SalesApi(live);
  // Developer costs 50.00 on finance's role card (ROLE_CARD); the estimate's cost rate is the card's.
  await Promise.all([publishRoleCard(live), publishRoleCard(rebuilt)]);
  const client = await api.createClient('Calibrated Co');
  opportunityId = await api.createOpportunity(client);
  await api.estimate(opportunityId, ESTIMATE);
  expect((await api.submit(opportunityId)).errors).toBeUndefined();
  expect((await api.review(opportunityId, 'DELIVERY', 'APPROVED', people.delivery)).errors).toBeUndefined();
});

afterAll(async () => {
  await Promise.all([live?.close(), rebuilt?.close()]);
});

const opportunity = (who = people.seller) => api.opportunity<Seen>(opportunityId, who, FIELDS);

describe('estimates that learn', () => {
  it('has no calibration and no blocker with only two closed engagements', async () => {
    await publish(live, [first, second]);
    const seen = await opportunity();
    expect(seen.estimate.lines[0].calibration).toBeNull();
    expect(seen.estimate.calibrated).toBeNull();
    // Nominal 1,500 / 6,500 = 23.0769 % ≥ 20 %: DELIVERY approved, nothing else is missing.
    expect(seen.estimate.marginPercent).toBeCloseTo(23.08, 2);
    expect(seen.signingBlockers).toEqual([]);
    expect(seen.stage).toBe('APPROVED');
  });

  it('calibrates with a third: median +10 %, 100 h suggests 110 h, margin 15.38 % → FINANCE approval required', async () => {
    await publish(live, [third]);
    const seen = await opportunity();
    expect(seen.estimate.lines[0]).toEqual({
      role: 'Developer',
      hours: 100,
      calibration: { medianVariancePercent: 10, samples: 3, suggestedHours: 110 },
    });
    expect(seen.estimate.calibrated).toEqual({
      totalHours: 110,
      cost: { amount: '5500.00', currency: 'USD' },
      margin: { amount: '1000.00' },
      marginPercent: expect.closeTo(15.38, 2) as unknown as number,
    });
    expect(seen.signingBlockers).toEqual([
      'The margin at calibrated hours is under 20% (past engagements of these roles took longer than estimated): ' +
        'needs a FINANCE approval of revision 1',
    ]);
    const signing = await api.sign(opportunityId);
    expect(signing.errors?.[0].extensions?.code).toBe('PRECONDITION_FAILED');
    expect(signing.errors?.[0].message).toContain('calibrated hours');
  });

  it('shows calibrated cost only to those who may see cost, and no figure in the blocker', async () => {
    const response = await live.query<{ opportunity: Seen }>(
      `query($id: ID!) { opportunity(id: $id) { ${FIELDS} } }`,
      { id: opportunityId },
      people.otherSeller,
    );
    expect(response.data?.opportunity.estimate.calibrated?.totalHours).toBe(110);
    expect(response.data?.opportunity.estimate.calibrated?.cost).toBeNull();
    expect(response.data?.opportunity.estimate.calibrated?.marginPercent).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(response.data)).not.toMatch(/15\.38|5500|1000\.00/);
  });

  it('counts a republished engagement once (its latest figures replace the earlier)', async () => {
    await publish(live, [{ ...first, id: randomUUID() }]);
    const seen = await opportunity();
    expect(seen.estimate.lines[0].calibration).toEqual({
      medianVariancePercent: 10,
      samples: 3,
      suggestedHours: 110,
    });
  });

  it('lets FINANCE approve past the calibrated blocker', async () => {
    expect((await api.review(opportunityId, 'FINANCE', 'APPROVED', people.finance)).errors).toBeUndefined();
    expect((await opportunity()).signingBlockers).toEqual([]);
  });

  it('keeps the last 10 closed engagements of a role: the 11th-oldest drops out', async () => {
    const analyst = (n: number, actualH: number) =>
      createEvent(
        'EngagementActualsRecorded',
        {
          engagementId: randomUUID(),
          clientId,
          estimatorId: sellerId,
          pricingModel: 'TIME_AND_MATERIALS',
          closedAt: `2026-08-${String(n).padStart(2, '0')}T12:00:00.000Z`,
          roles: [{ role: 'Analyst', estimatedMinutes: 100 * 60, actualMinutes: actualH * 60 }],
        },
        { source: 'accounting' },
      );
    // Ten newest (Aug 2…11): five at 0 %, five at +20 % → median (0 + 20) / 2 = +10 %.
    // The 11th-oldest (Aug 1) at +20 %: counted, the median would be the 6th of (0 ×5, 20 ×6) = +20 %.
    await publish(live, [
      analyst(1, 120),
      ...Array.from({ length: 10 }, (_, i) => analyst(i + 2, i < 5 ? 100 : 120)),
    ]);
    const client = await api.createClient('Analysed Co');
    const id = await api.createOpportunity(client);
    // The card has no Analyst rate: no cost rate is typed (it would be refused), the bill rate is given.
    const analystLine = { role: 'Analyst', hours: 40, billRate: ESTIMATE.lines[0].billRate };
    await api.estimate(id, { ...ESTIMATE, lines: [analystLine] });
    const seen = await api.opportunity<Seen>(id, people.seller, FIELDS);
    // 40 h × 1.10 = 44 h.
    expect(seen.estimate.lines[0].calibration).toEqual({
      medianVariancePercent: 10,
      samples: 10,
      suggestedHours: 44,
    });
  });

  it('rebuilds the same calibration from a replay into an empty projection', async () => {
    const rebuiltApi = new SalesApi(rebuilt);
    const client = await rebuiltApi.createClient('Calibrated Co');
    const id = await rebuiltApi.createOpportunity(client);
    await rebuiltApi.estimate(id, ESTIMATE);
    await publish(rebuilt, [first, second, third, { ...first, id: randomUUID() }]);
    const seen = await rebuiltApi.opportunity<Seen>(id, people.seller, FIELDS);
    expect(seen.estimate.lines).toEqual((await opportunity()).estimate.lines);
    expect(seen.estimate.calibrated).toEqual((await opportunity()).estimate.calibrated);
  });
});
