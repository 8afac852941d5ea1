import { randomUUID } from 'node:crypto';
import { eventually, identity, startTestService, type TestService } from '@platform/testing';
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

describe('status reports', () => {
  const SUBMIT = `mutation ($input: SubmitStatusReportInput!) { submitStatusReport(input: $input) {
    id schedule budget scope reason suggested { budget { rag facts } } submittedBy { id } } }`;
  const VIEW = `query ($id: ID!) { engagement(id: $id) {
    statusReportDue
    suggestedStatus { schedule { rag facts } budget { rag facts } scope { rag facts } }
    statusReports(first: 1) { summary budget reason } } }`;

  interface StatusView {
    statusReportDue: boolean;
    suggestedStatus: Record<'schedule' | 'budget' | 'scope', { rag: string; facts: string[] }>;
    statusReports: Array<{ summary: string; budget: string; reason: string | null }>;
  }

  it('suggests each colour from the rules and refuses an override without a reason', async () => {
    const manager = randomUUID();
    const signed = contractSigned({ accountManagerId: manager });
    await feed(service, 'sales', [signed]);
    const id = engagementIdForContract(signed.payload.contractId);
    await eventually(() => risk(id));
    const over = event('RiskRaised', {
      engagementId: id,
      reason: 'FORECAST_OVER_BUDGET',
      raisedAt: new Date().toISOString(),
    });
    const ahead = event('RiskRaised', {
      engagementId: id,
      reason: 'BURN_AHEAD_OF_SCHEDULE',
      raisedAt: new Date().toISOString(),
    });
    await feed(service, 'accounting', [over, ahead]);
    await applied(service, [over, ahead]);

    const view = async () => {
      const res = await service.query<{ engagement: StatusView }>(VIEW, { id });
      expect(res.errors).toBeUndefined();
      return res.data!.engagement;
    };
    // Budget RED on FORECAST_OVER_BUDGET (burn ahead listed too); the handoff was signed just now (not overdue);
    // no change order awaiting decision.
    expect((await view()).suggestedStatus).toEqual({
      schedule: { rag: 'GREEN', facts: [] },
      budget: { rag: 'RED', facts: ['FORECAST_OVER_BUDGET', 'BURN_AHEAD_OF_SCHEDULE'] },
      scope: { rag: 'GREEN', facts: [] },
    });
    // In handoff, not ACTIVE: no report is due yet.
    expect((await view()).statusReportDue).toBe(false);

    const me = identity(manager, ['SALES']);
    const input = { engagementId: id, schedule: 'GREEN', budget: 'AMBER', scope: 'GREEN', summary: 'Steady' };
    const [before] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM status_reports`,
    )) as Array<{ n: number }>;
    const refused = await service.query(SUBMIT, { input }, me);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const stranger = await service.query(
      SUBMIT,
      { input: { ...input, budget: 'RED' } },
      identity(randomUUID(), ['DELIVERY']),
    );
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [after] = (await service.dataSource.query(
      `SELECT count(*)::int AS n FROM status_reports`,
    )) as Array<{ n: number }>;
    expect(after.n).toBe(before.n);

    const asSuggested = await service.query(SUBMIT, { input: { ...input, budget: 'RED' } }, me);
    expect(asSuggested.errors).toBeUndefined();
    const overridden = await service.query<{
      submitStatusReport: { budget: string; reason: string; submittedBy: { id: string } };
    }>(
      SUBMIT,
      { input: { ...input, summary: 'Overrun agreed', reason: 'The client pays the extra hours' } },
      me,
    );
    expect(overridden.data?.submitStatusReport).toMatchObject({
      budget: 'AMBER',
      reason: 'The client pays the extra hours',
      submittedBy: { id: manager },
    });
    expect((await view()).statusReports).toEqual([
      { summary: 'Overrun agreed', budget: 'AMBER', reason: 'The client pays the extra hours' },
    ]);
  });
});
