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

describe('margin in words, only for those who may read margin', () => {
  it('hides the margin reasons, the at-risk flag they alone raise and their facts from a MEMBER or another account’s SALES', async () => {
    const manager = randomUUID();
    const marginOnly = contractSigned({ accountManagerId: manager });
    const burning = contractSigned({ clientId: marginOnly.payload.clientId });
    await feed(service, 'sales', [marginOnly, burning]);
    const [m, b] = [marginOnly, burning].map((c) => engagementIdForContract(c.payload.contractId));
    await eventually(async () => (await risk(m)) !== null && (await risk(b)) !== null);
    const at = new Date().toISOString();
    const raised = (
      engagementId: string,
      reason: 'MARGIN_BELOW_THRESHOLD' | 'FORECAST_MARGIN_BELOW_THRESHOLD' | 'BURN_AHEAD_OF_SCHEDULE',
    ) => event('RiskRaised', { engagementId, reason, raisedAt: at });
    const alert = (engagementId: string, reasons: string[]) =>
      event('MarginAlertRaised', {
        engagementId,
        marginPercent: 12.5,
        burnPercent: 40,
        thresholdPercent: 20,
        reasons,
        raisedAt: at,
      });
    // m: at risk for its margin alone (now and forecast); b: burning ahead of its schedule as well.
    const events = [
      raised(m, 'MARGIN_BELOW_THRESHOLD'),
      raised(m, 'FORECAST_MARGIN_BELOW_THRESHOLD'),
      alert(m, ['MARGIN_BELOW_THRESHOLD', 'FORECAST_MARGIN_BELOW_THRESHOLD']),
      raised(b, 'BURN_AHEAD_OF_SCHEDULE'),
      raised(b, 'FORECAST_MARGIN_BELOW_THRESHOLD'),
      alert(b, ['BURN_AHEAD_OF_SCHEDULE', 'FORECAST_MARGIN_BELOW_THRESHOLD']),
    ];
    await feed(service, 'accounting', events);
    await applied(service, events);
    // m's account manager files its report as suggested (budget AMBER for the forecast margin).
    const filed = await service.query(
      `mutation ($input: SubmitStatusReportInput!) { submitStatusReport(input: $input) { id } }`,
      {
        input: {
          engagementId: m,
          schedule: 'GREEN',
          budget: 'AMBER',
          scope: 'GREEN',
          summary: 'On track',
          nextSteps: 'Go on',
        },
      },
      identity(manager, ['SALES']),
    );
    expect(filed.errors).toBeUndefined();

    interface Seen {
      atRisk: boolean;
      riskReasons: string[];
      suggestedStatus: { budget: { rag: string; facts: string[] } };
      statusReports: Array<{ suggested: { budget: { rag: string; facts: string[] } } }>;
    }
    const read = async (who: ReturnType<typeof identity>) => {
      const res = await service.query<{ m: Seen; b: Seen; list: { edges: Array<{ node: { id: string } }> } }>(
        `query ($m: ID!, $b: ID!, $client: ID!) {
          m: engagement(id: $m) { ...risk }
          b: engagement(id: $b) { ...risk }
          list: engagements(filter: { clientId: $client, atRisk: true }) { edges { node { id } } }
        }
        fragment risk on Engagement {
          atRisk riskReasons suggestedStatus { budget { rag facts } } statusReports(first: 1) { suggested { budget { rag facts } } }
        }`,
        { m, b, client: marginOnly.payload.clientId },
        who,
      );
      expect(res.errors).toBeUndefined();
      const { m: seenM, b: seenB, list } = res.data!;
      return { m: seenM, b: seenB, atRiskList: list.edges.map((e) => (e.node.id === m ? 'm' : 'b')).sort() };
    };

    const amber = (...facts: string[]) => ({ budget: { rag: 'AMBER', facts } });
    const fullM = {
      atRisk: true,
      riskReasons: ['MARGIN_BELOW_THRESHOLD', 'FORECAST_MARGIN_BELOW_THRESHOLD'],
      suggestedStatus: amber('FORECAST_MARGIN_BELOW_THRESHOLD'),
      statusReports: [{ suggested: amber('FORECAST_MARGIN_BELOW_THRESHOLD') }],
    };
    const fullB = {
      atRisk: true,
      riskReasons: ['BURN_AHEAD_OF_SCHEDULE', 'FORECAST_MARGIN_BELOW_THRESHOLD'],
      suggestedStatus: amber('BURN_AHEAD_OF_SCHEDULE', 'FORECAST_MARGIN_BELOW_THRESHOLD'),
      statusReports: [],
    };
    const hiddenB = {
      atRisk: true,
      riskReasons: ['BURN_AHEAD_OF_SCHEDULE'],
      suggestedStatus: amber('BURN_AHEAD_OF_SCHEDULE'),
      statusReports: [],
    };
    // FINANCE and DELIVERY read everything.
    for (const roles of [['FINANCE'], ['DELIVERY']] as const)
      expect(await read(identity(randomUUID(), [...roles]))).toEqual({
        m: fullM,
        b: fullB,
        atRiskList: ['b', 'm'],
      });
    // m's account manager (SALES) reads m whole; b is another account: its margin is unsaid.
    expect(await read(identity(manager, ['SALES']))).toEqual({
      m: fullM,
      b: hiddenB,
      atRiskList: ['b', 'm'],
    });
    // A MEMBER, and SALES on another account: m is not at risk for them (its only reasons are margin),
    // not in the at-risk list, its suggestion and its filed report's suggestion GREEN without facts;
    // b stays at risk for burning ahead.
    const greenM = {
      atRisk: false,
      riskReasons: [],
      suggestedStatus: { budget: { rag: 'GREEN', facts: [] } },
      statusReports: [{ suggested: { budget: { rag: 'GREEN', facts: [] } } }],
    };
    for (const roles of [['MEMBER'], ['SALES']] as const)
      expect(await read(identity(randomUUID(), [...roles]))).toEqual({
        m: greenM,
        b: hiddenB,
        atRiskList: ['b'],
      });
  });
});
