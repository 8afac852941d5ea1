import { randomUUID } from 'node:crypto';
import { addDays, todayUtc } from '@platform/domain-kit';
import { identity, startTestService, statementsPerRequest, type TestService } from '@platform/testing';
import { engagementIdForContract } from './domain/engagement-id';
import { engagementService } from './service';
import {
  applied,
  contractSigned,
  event,
  feed,
  milestoneSignedOff,
  projectStarted,
  teamMember,
} from './testing/event-feed';
import { firstError } from './testing/graphql';

// The portfolio view (engagement owns it): counts by suggested RAG and by risk reason, and the
// engagements at risk ordered by forecast margin loss, from accounting's RiskRaised/ForecastChanged.

let service: TestService;

beforeAll(async () => {
  service = await startTestService(engagementService);
});

afterAll(async () => {
  await service?.close();
});

const PORTFOLIO = `query ($filter: PortfolioFilter, $first: Int) {
  portfolioHealth(filter: $filter, first: $first) {
    engagementCount atRiskCount
    overall { green amber red } budget { green amber red } schedule { green amber red } scope { green amber red }
    byRiskReason { reason count }
    atRisk { engagement { id } accountManager { id } deliveryOwner { id } rag reasons
      forecastMargin { amount currency } forecastMarginPercent }
  }
}`;

interface PortfolioView {
  engagementCount: number;
  atRiskCount: number;
  overall: Record<'green' | 'amber' | 'red', number>;
  budget: Record<'green' | 'amber' | 'red', number>;
  schedule: Record<'green' | 'amber' | 'red', number>;
  scope: Record<'green' | 'amber' | 'red', number>;
  byRiskReason: Array<{ reason: string; count: number }>;
  atRisk: Array<{
    engagement: { id: string };
    accountManager: { id: string } | null;
    deliveryOwner: { id: string } | null;
    rag: string;
    reasons: string[];
    forecastMargin: { amount: string; currency: string } | null;
    forecastMarginPercent: number | null;
  }>;
}

const manager = randomUUID();
const finance = identity(randomUUID(), ['FINANCE']);
const delivery = identity(randomUUID(), ['DELIVERY']);
const ids: Record<'loss' | 'thin' | 'healthy' | 'burning', string> = {
  loss: '',
  thin: '',
  healthy: '',
  burning: '',
};

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 9, minute)).toISOString();
const forecast = (engagementId: string, amountMinor: string, percent: number, changedAt: string) =>
  event('ForecastChanged', {
    engagementId,
    forecastMargin: { amountMinor, currency: 'EUR' },
    forecastMarginPercent: percent,
    changedAt,
  });
const raised = (
  engagementId: string,
  reason: 'BURN_AHEAD_OF_SCHEDULE' | 'FORECAST_OVER_BUDGET' | 'FORECAST_MARGIN_BELOW_THRESHOLD',
) => event('RiskRaised', { engagementId, reason, raisedAt: at(1) });

async function portfolio(as = finance, first = 20): Promise<PortfolioView> {
  const res = await service.query<{ portfolioHealth: PortfolioView }>(
    PORTFOLIO,
    { filter: { accountManagerId: manager }, first },
    as,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.portfolioHealth;
}

beforeAll(async () => {
  // Four engagements of one account manager (the filter keeps other files' engagements out).
  const signed = Object.keys(ids).map(() => contractSigned({ accountManagerId: manager }));
  (Object.keys(ids) as Array<keyof typeof ids>).forEach((k, i) => {
    ids[k] = engagementIdForContract(signed[i].payload.contractId);
  });
  await feed(service, 'sales', signed);
  await applied(service, signed);
  const facts = [
    // The worked example while the allocation is confirmed: margin −1,650.00 (−33 %).
    raised(ids.loss, 'FORECAST_OVER_BUDGET'),
    raised(ids.loss, 'FORECAST_MARGIN_BELOW_THRESHOLD'),
    forecast(ids.loss, '-165000', -33, at(2)),
    // A stale forecast delivered late never replaces the newer one.
    forecast(ids.loss, '999900', 50, at(1)),
    // After the release: 250.00 (5 %), still under the 20 % threshold.
    raised(ids.thin, 'FORECAST_MARGIN_BELOW_THRESHOLD'),
    forecast(ids.thin, '25000', 5, at(2)),
    forecast(ids.healthy, '300000', 60, at(2)),
    // At risk without any forecast yet: listed after every engagement with one.
    raised(ids.burning, 'BURN_AHEAD_OF_SCHEDULE'),
  ];
  await feed(service, 'accounting', facts);
  await applied(service, facts);
});

describe('portfolioHealth', () => {
  it('counts each engagement once by its worst suggested colour and each risk reason that holds', async () => {
    const view = await portfolio();
    expect(view.engagementCount).toBe(4);
    // Budget: loss RED (FORECAST_OVER_BUDGET); thin AMBER (FORECAST_MARGIN_BELOW_THRESHOLD);
    // burning AMBER (BURN_AHEAD_OF_SCHEDULE); healthy GREEN. Schedule and scope GREEN for all four
    // (handoff within its deadline, no change order), so overall = budget: 1 green, 2 amber, 1 red.
    expect(view.budget).toEqual({ green: 1, amber: 2, red: 1 });
    expect(view.schedule).toEqual({ green: 4, amber: 0, red: 0 });
    expect(view.scope).toEqual({ green: 4, amber: 0, red: 0 });
    expect(view.overall).toEqual({ green: 1, amber: 2, red: 1 });
    // FORECAST_MARGIN_BELOW_THRESHOLD holds for loss and thin: 2.
    expect(view.byRiskReason).toEqual([
      { reason: 'MARGIN_BELOW_THRESHOLD', count: 0 },
      { reason: 'OVER_BUDGET', count: 0 },
      { reason: 'BURN_AHEAD_OF_SCHEDULE', count: 1 },
      { reason: 'FORECAST_OVER_BUDGET', count: 1 },
      { reason: 'FORECAST_MARGIN_BELOW_THRESHOLD', count: 2 },
    ]);
    expect(view.atRiskCount).toBe(3);
  });

  it('orders the engagements at risk by forecast margin loss (−1,650.00 before 250.00, no forecast last) with owner, account manager and reasons', async () => {
    const view = await portfolio();
    expect(view.atRisk).toEqual([
      {
        engagement: { id: ids.loss },
        accountManager: { id: manager },
        deliveryOwner: null,
        rag: 'RED',
        reasons: ['FORECAST_OVER_BUDGET', 'FORECAST_MARGIN_BELOW_THRESHOLD'],
        // Not 9,999.00: that ForecastChanged was older (changedAt) though delivered later.
        forecastMargin: { amount: '-1650.00', currency: 'EUR' },
        forecastMarginPercent: -33,
      },
      {
        engagement: { id: ids.thin },
        accountManager: { id: manager },
        deliveryOwner: null,
        rag: 'AMBER',
        reasons: ['FORECAST_MARGIN_BELOW_THRESHOLD'],
        forecastMargin: { amount: '250.00', currency: 'EUR' },
        forecastMarginPercent: 5,
      },
      {
        engagement: { id: ids.burning },
        accountManager: { id: manager },
        deliveryOwner: null,
        rag: 'AMBER',
        reasons: ['BURN_AHEAD_OF_SCHEDULE'],
        forecastMargin: null,
        forecastMarginPercent: null,
      },
    ]);
    // A page of 2 is the first two of that order; the counts still cover all four.
    const page = await portfolio(finance, 2);
    expect(page.atRisk.map((e) => e.engagement.id)).toEqual([ids.loss, ids.thin]);
    expect(page.engagementCount).toBe(4);
  });

  it('shows DELIVERY the same list and reasons without a margin figure', async () => {
    const view = await portfolio(delivery);
    expect(view.atRisk.map((e) => e.engagement.id)).toEqual([ids.loss, ids.thin, ids.burning]);
    expect(view.atRisk.map((e) => [e.forecastMargin, e.forecastMarginPercent])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(view.atRisk[0].reasons).toEqual(['FORECAST_OVER_BUDGET', 'FORECAST_MARGIN_BELOW_THRESHOLD']);
  });

  it('refuses SALES and MEMBER (FORBIDDEN) and a page over 200 (BAD_USER_INPUT on first)', async () => {
    for (const roles of [['SALES'], ['MEMBER']] as const) {
      const res = await service.query(PORTFOLIO, { first: 5 }, identity(randomUUID(), [...roles]));
      expect(firstError(res)).toEqual(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(JSON.stringify(res)).not.toContain('-1650');
    }
    const tooMany = await service.query(PORTFOLIO, { first: 201 }, finance);
    expect(firstError(tooMany)).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }));
  });
});

describe('portfolioHealth computed in the database', () => {
  it('runs the same number of SQL statements for a page of 1 and a page of 3', async () => {
    const pages: Record<number, number> = {};
    for (const first of [1, 3]) {
      const used = await statementsPerRequest({ engagement: service.metricsUrl }, async () => {
        const view = await portfolio(finance, first);
        expect(view.atRisk).toHaveLength(first);
        expect(view.engagementCount).toBe(4);
      });
      pages[first] = used.engagement;
    }
    expect(pages[1]).toBeGreaterThan(0);
    expect(pages[3]).toBe(pages[1]);
  });

  // Five engagements of a second account manager with every kind of schedule and scope fact, so
  // the colours the database's facts give can be checked against each engagement's own
  // suggestedStatus (computed by the domain from its rows) and against figures worked by hand.
  const manager2 = randomUUID();
  const owner2 = randomUUID();
  const asDelivery = identity(randomUUID(), ['DELIVERY']);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const today = todayUtc();
  const planned = (engagementId: string, projectId: string, dueDaysAgo: number) =>
    event('MilestonePlanned', {
      milestoneId: randomUUID(),
      projectId,
      engagementId,
      kind: 'CUSTOM',
      name: `due ${dueDaysAgo} days ago`,
      dueDate: addDays(today, -dueDaysAgo),
      plannedAt: new Date().toISOString(),
    });

  async function changeOrders(engagementId: string, n: number): Promise<void> {
    for (let i = 0; i < n; i += 1) {
      const res = await service.query(
        `mutation ($input: RequestChangeOrderInput!) { requestChangeOrder(input: $input) { id } }`,
        {
          input: {
            engagementId,
            description: `change ${i}`,
            amountDelta: { amount: '100.00', currency: 'EUR' },
            hoursDelta: 1,
            scheduleDeltaDays: 0,
          },
        },
        asDelivery,
      );
      expect(res.errors).toBeUndefined();
    }
  }

  it("gives the colours and counts each engagement's own suggested status gives (handoff, milestones, change orders)", async () => {
    const members = [teamMember(manager2, ['SALES']), teamMember(owner2, ['DELIVERY'])];
    await feed(service, 'delivery', members);
    await applied(service, members);
    const names = ['late', 'done', 'amber', 'red', 'plain'] as const;
    const signed = names.map((name) =>
      contractSigned({
        accountManagerId: manager2,
        // late and done were signed 20 days ago: past the 10-day handoff deadline.
        signedAt: name === 'late' || name === 'done' ? daysAgo(20) : new Date().toISOString(),
      }),
    );
    await feed(service, 'sales', signed);
    await applied(service, signed);
    const id = Object.fromEntries(
      names.map((name, i) => [name, engagementIdForContract(signed[i].payload.contractId)]),
    ) as Record<(typeof names)[number], string>;

    // done: every handoff item (owner assigned, BRD, SOW, plan, kickoff), so not overdue.
    const assigned = await service.query(
      `mutation ($input: AssignEngagementRolesInput!) { assignEngagementRoles(input: $input) { id } }`,
      { input: { engagementId: id.done, accountManagerId: manager2, deliveryOwnerId: owner2 } },
      identity(randomUUID(), ['DELIVERY']),
    );
    expect(assigned.errors).toBeUndefined();
    const cancelledProject = randomUUID();
    const delivery = [
      milestoneSignedOff(id.done, 'BRD', new Date()),
      milestoneSignedOff(id.done, 'SOW', new Date()),
      milestoneSignedOff(id.done, 'PROJECT_PLAN', new Date()),
      projectStarted(id.done, new Date()),
      planned(id.amber, randomUUID(), 1),
      planned(id.amber, randomUUID(), 7),
      planned(id.red, randomUUID(), 8),
      planned(id.red, cancelledProject, 10),
    ];
    await feed(service, 'delivery', delivery);
    await applied(service, delivery);
    const cancelled = [
      event('ProjectCancelled', {
        projectId: cancelledProject,
        engagementId: id.red,
        cancelledAt: new Date().toISOString(),
      }),
    ];
    await feed(service, 'delivery', cancelled);
    await applied(service, cancelled);
    const accounting = [
      event('RiskRaised', { engagementId: id.done, reason: 'OVER_BUDGET', raisedAt: at(1) }),
      event('RiskRaised', { engagementId: id.red, reason: 'BURN_AHEAD_OF_SCHEDULE', raisedAt: at(1) }),
      forecast(id.red, '-50000', -10, at(2)),
    ];
    await feed(service, 'accounting', accounting);
    await applied(service, accounting);
    await changeOrders(id.amber, 1);
    await changeOrders(id.red, 3);

    const res = await service.query<{ portfolioHealth: PortfolioView }>(
      PORTFOLIO,
      { filter: { accountManagerId: manager2 }, first: 10 },
      finance,
    );
    expect(res.errors).toBeUndefined();
    const view = res.data!.portfolioHealth;
    // Schedule: late RED (handoff overdue), done GREEN (handoff complete), amber AMBER (worst
    // milestone 7 days past due), red RED (8 > 7; the cancelled project's 10 days never count),
    // plain GREEN → 2 green, 1 amber, 2 red.
    expect(view.schedule).toEqual({ green: 2, amber: 1, red: 2 });
    // Budget: done RED (OVER_BUDGET), red AMBER (BURN_AHEAD_OF_SCHEDULE), three GREEN.
    expect(view.budget).toEqual({ green: 3, amber: 1, red: 1 });
    // Scope: amber AMBER (1 change order awaiting decision), red RED (3 > 2), three GREEN.
    expect(view.scope).toEqual({ green: 3, amber: 1, red: 1 });
    // Overall (worst of the three): late RED, done RED, amber AMBER, red RED, plain GREEN.
    expect(view.overall).toEqual({ green: 1, amber: 1, red: 3 });
    expect(view.engagementCount).toBe(5);
    expect(view.atRiskCount).toBe(2);
    // red has a forecast (−500.00), done none: red first.
    expect(view.atRisk.map((e) => [e.engagement.id, e.rag, e.reasons])).toEqual([
      [id.red, 'RED', ['BURN_AHEAD_OF_SCHEDULE']],
      [id.done, 'RED', ['OVER_BUDGET']],
    ]);

    // The same counts from each engagement's suggestedStatus, which the domain computes from its rows.
    const own = { schedule: {}, budget: {}, scope: {} } as Record<string, Record<string, number>>;
    for (const engagementId of Object.values(id)) {
      const one = await service.query<{
        engagement: { suggestedStatus: Record<'schedule' | 'budget' | 'scope', { rag: string }> };
      }>(
        `query ($id: ID!) { engagement(id: $id) { suggestedStatus { schedule { rag } budget { rag } scope { rag } } } }`,
        { id: engagementId },
        finance,
      );
      expect(one.errors).toBeUndefined();
      for (const dimension of ['schedule', 'budget', 'scope'] as const) {
        const rag = one.data!.engagement.suggestedStatus[dimension].rag.toLowerCase();
        own[dimension][rag] = (own[dimension][rag] ?? 0) + 1;
      }
    }
    const tally = (c: Record<'green' | 'amber' | 'red', number>) =>
      Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
    expect(own).toEqual({
      schedule: tally(view.schedule),
      budget: tally(view.budget),
      scope: tally(view.scope),
    });
  });
});
