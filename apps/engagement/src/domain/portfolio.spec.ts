import { overallRag, summarisePortfolio, type PortfolioItem } from './portfolio';
import type { Rag, SuggestedStatus } from './status-report';

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
});
