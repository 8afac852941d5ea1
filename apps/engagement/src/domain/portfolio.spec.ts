import { overallRag, portfolioFromFacts, summarisePortfolio, type PortfolioItem } from './portfolio';
import type { Rag, StatusFacts, SuggestedStatus } from './status-report';

const status = (schedule: Rag, budget: Rag, scope: Rag): SuggestedStatus => ({
  schedule: { rag: schedule, facts: [] },
  budget: { rag: budget, facts: [] },
  scope: { rag: scope, facts: [] },
});

const item = (
  id: string,
  suggested: SuggestedStatus,
  reasons: PortfolioItem<string>['reasons'],
  forecastMarginMinor: bigint | null,
): PortfolioItem<string> => ({
  engagement: id,
  id,
  suggested,
  reasons,
  forecastMarginMinor,
  forecastMarginPercent: null,
});

describe('portfolio health', () => {
  it('gives each engagement the worst of its schedule, budget and scope colours', () => {
    expect(overallRag(status('GREEN', 'GREEN', 'GREEN'))).toBe('GREEN');
    expect(overallRag(status('AMBER', 'GREEN', 'GREEN'))).toBe('AMBER');
    expect(overallRag(status('AMBER', 'GREEN', 'RED'))).toBe('RED');
  });

  it('orders engagements at risk by forecast margin loss, those without a forecast last, and pages after counting', () => {
    const items = [
      item('b-none', status('GREEN', 'AMBER', 'GREEN'), ['BURN_AHEAD_OF_SCHEDULE'], null),
      item('c-thin', status('GREEN', 'AMBER', 'GREEN'), ['FORECAST_MARGIN_BELOW_THRESHOLD'], 25_000n), // 250.00
      item('d-ok', status('GREEN', 'GREEN', 'GREEN'), [], -500_000n), // not at risk: never listed
      item(
        'e-loss',
        status('RED', 'RED', 'GREEN'),
        ['FORECAST_OVER_BUDGET', 'FORECAST_MARGIN_BELOW_THRESHOLD'],
        -165_000n, // −1,650.00
      ),
      item('a-none', status('GREEN', 'AMBER', 'GREEN'), ['BURN_AHEAD_OF_SCHEDULE'], null),
    ];
    const health = summarisePortfolio(items, 3);
    // −1,650.00 < 250.00; then the two without a forecast by id.
    expect(health.atRisk.map((i) => i.id)).toEqual(['e-loss', 'c-thin', 'a-none']);
    expect(health.atRiskCount).toBe(4);
    expect(health.engagementCount).toBe(5);
    // Overall: d-ok GREEN; a, b, c AMBER; e RED.
    expect(health.overall).toEqual({ GREEN: 1, AMBER: 3, RED: 1 });
    expect(health.schedule).toEqual({ GREEN: 4, AMBER: 0, RED: 1 });
    expect(health.byRiskReason).toEqual([
      { reason: 'MARGIN_BELOW_THRESHOLD', count: 0 },
      { reason: 'OVER_BUDGET', count: 0 },
      { reason: 'BURN_AHEAD_OF_SCHEDULE', count: 2 },
      { reason: 'FORECAST_OVER_BUDGET', count: 1 },
      { reason: 'FORECAST_MARGIN_BELOW_THRESHOLD', count: 2 },
    ]);
  });

  it('counts groups of engagements sharing the same status facts as many times as they hold engagements', () => {
    const facts = (over: Partial<StatusFacts>): StatusFacts => ({
      reasons: [],
      handoffOverdue: false,
      milestoneDaysPastDue: null,
      changeOrdersAwaitingDecision: 0,
      ...over,
    });
    const health = portfolioFromFacts(
      [
        { facts: facts({}), engagements: 10 }, // all GREEN
        { facts: facts({ handoffOverdue: true }), engagements: 3 }, // schedule RED
        { facts: facts({ milestoneDaysPastDue: 2, changeOrdersAwaitingDecision: 3 }), engagements: 2 }, // schedule AMBER, scope RED
        { facts: facts({ reasons: ['OVER_BUDGET', 'BURN_AHEAD_OF_SCHEDULE'] }), engagements: 4 }, // budget RED, at risk
      ],
      [
        {
          engagement: 'x',
          id: 'x',
          facts: facts({ reasons: ['BURN_AHEAD_OF_SCHEDULE'], changeOrdersAwaitingDecision: 1 }),
          forecastMarginMinor: -100n,
          forecastMarginPercent: -2,
        },
      ],
    );
    // 10 + 3 + 2 + 4 = 19 engagements; overall GREEN 10, RED 3 + 2 + 4 = 9 (scope RED beats schedule AMBER).
    expect(health.engagementCount).toBe(19);
    expect(health.overall).toEqual({ GREEN: 10, AMBER: 0, RED: 9 });
    expect(health.schedule).toEqual({ GREEN: 14, AMBER: 2, RED: 3 });
    expect(health.scope).toEqual({ GREEN: 17, AMBER: 0, RED: 2 });
    expect(health.budget).toEqual({ GREEN: 15, AMBER: 0, RED: 4 });
    expect(health.atRiskCount).toBe(4);
    expect(health.byRiskReason.filter((r) => r.count > 0)).toEqual([
      { reason: 'OVER_BUDGET', count: 4 },
      { reason: 'BURN_AHEAD_OF_SCHEDULE', count: 4 },
    ]);
    // The page item's colour: budget AMBER (burn ahead) and scope AMBER (1 awaiting decision).
    expect(health.atRisk.map((i) => [i.id, i.rag, i.reasons])).toEqual([
      ['x', 'AMBER', ['BURN_AHEAD_OF_SCHEDULE']],
    ]);
  });
});
