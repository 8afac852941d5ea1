import { burnLevel, riskTransitions } from './risk-transitions';

describe('risk reasons and budget thresholds publish once per crossing', () => {
  it('raises a reason when it starts to hold and clears it when it stops, never while it keeps holding', () => {
    expect(
      riskTransitions(
        { reasons: ['MARGIN_BELOW_THRESHOLD', 'FORECAST_OVER_BUDGET'], level: 90 },
        { reasons: ['MARGIN_BELOW_THRESHOLD', 'FORECAST_MARGIN_BELOW_THRESHOLD'], level: 90 },
      ),
    ).toEqual({
      raised: ['FORECAST_MARGIN_BELOW_THRESHOLD'],
      cleared: ['FORECAST_OVER_BUDGET'],
      crossed: [],
    });
  });

  it('crosses 50, 75 and 90 on a rise from 0 to 95 % (not 100), and again only after falling back', () => {
    // 95 % ≥ 90 and < 100: the level is 90.
    expect(burnLevel(95)).toBe(90);
    expect(burnLevel(100)).toBe(100);
    expect(burnLevel(49.99)).toBe(0);
    expect(riskTransitions({ reasons: [], level: 0 }, { reasons: [], level: burnLevel(95) }).crossed).toEqual(
      [50, 75, 90],
    );
    // Falling to 80 % (a change order) publishes nothing; rising to 101 % crosses 90 again, then 100.
    expect(
      riskTransitions({ reasons: [], level: 90 }, { reasons: [], level: burnLevel(80) }).crossed,
    ).toEqual([]);
    expect(
      riskTransitions({ reasons: [], level: 75 }, { reasons: [], level: burnLevel(101) }).crossed,
    ).toEqual([90, 100]);
  });
});
