import { eventually, startTestService, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import { applied, contractSigned, event, feed, hoursAfter } from './testing/event-feed';

// Foresight in engagement: accounting's risk reasons and budget thresholds, from its events.

let service: TestService;

beforeAll(async () => {
  service = await startTestService(engagementService);
});

afterAll(async () => {
  await service?.close();
});

interface RiskView {
  atRisk: boolean;
  riskReasons: string[];
  budgetAlerts: Array<{ percent: number; crossedAt: string }>;
}

async function risk(id: string): Promise<RiskView | null> {
  const res = await service.query<{ engagement: RiskView | null }>(
    `query ($id: ID!) { engagement(id: $id) { atRisk riskReasons budgetAlerts { percent crossedAt } } }`,
    { id },
  );
  expect(res.errors).toBeUndefined();
  return res.data?.engagement ?? null;
}

describe('Engagement.riskReasons and budgetAlerts', () => {
  it('lists the reasons raised and not cleared since, never undone by a stale event, and each threshold crossed', async () => {
    const signed = contractSigned();
    await feed(service, 'sales', [signed]);
    const id = engagementIdForContract(signed.payload.contractId);
    await eventually(() => risk(id));
    const t = (h: number) => hoursAfter('2026-03-10T00:00:00Z', h).toISOString();

    const raised = (
      reason: 'BURN_AHEAD_OF_SCHEDULE' | 'FORECAST_OVER_BUDGET' | 'MARGIN_BELOW_THRESHOLD',
      at: string,
    ) => event('RiskRaised', { engagementId: id, reason, raisedAt: at });
    const crossed = (percent: 50 | 75 | 90 | 100, at: string) =>
      event('BudgetThresholdCrossed', { engagementId: id, percent, burnPercent: percent + 1, crossedAt: at });
    const first = [
      raised('FORECAST_OVER_BUDGET', t(1)),
      raised('BURN_AHEAD_OF_SCHEDULE', t(1)),
      crossed(50, t(1)),
      crossed(75, t(1)),
      crossed(90, t(2)),
    ];
    await feed(service, 'accounting', first);
    await applied(service, first);
    expect(await risk(id)).toEqual({
      atRisk: false, // atRisk follows MarginAlertRaised/Cleared, which accounting publishes beside these
      riskReasons: ['BURN_AHEAD_OF_SCHEDULE', 'FORECAST_OVER_BUDGET'],
      budgetAlerts: [
        { percent: 50, crossedAt: t(1) },
        { percent: 75, crossedAt: t(1) },
        { percent: 90, crossedAt: t(2) },
      ],
    });

    // Released allocation: FORECAST_OVER_BUDGET clears; a stale raise delivered after it changes nothing,
    // and a redelivered threshold event is not listed twice.
    const cleared = event('RiskCleared', {
      engagementId: id,
      reason: 'FORECAST_OVER_BUDGET',
      clearedAt: t(3),
    });
    const stale = raised('FORECAST_OVER_BUDGET', t(2));
    await feed(service, 'accounting', [cleared, stale, first[4]]);
    await applied(service, [cleared, stale]);
    const after = await risk(id);
    expect(after?.riskReasons).toEqual(['BURN_AHEAD_OF_SCHEDULE']);
    expect(after?.budgetAlerts.map((a) => a.percent)).toEqual([50, 75, 90]);
  });
});
