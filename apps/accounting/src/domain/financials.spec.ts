import { computeFinancials, riskReasons, type EngagementTotals, type LedgerFacts } from './financials';
import { alertTransition } from './risk-transitions';

const ledger: LedgerFacts = {
  engagementId: 'e1',
  name: 'Data platform',
  clientId: 'c1',
  clientName: 'Acme',
  pricingModel: 'FIXED_FEE',
  currency: 'USD',
  contractValueMinor: 1_000_000n,
  budgetMinutes: 6000,
  estimatedMinutes: 4800,
  startDate: '2026-01-01',
  endDate: '2026-06-30',
  accountManagerId: null,
  deliveryOwnerId: null,
  updatedAt: new Date('2026-02-01T00:00:00Z'),
};
const totals: EngagementTotals = {
  minutes: 3000,
  billableMinutes: 2400,
  costMinor: 400_000n,
  billableBillMinor: 0n,
  changeOrderMinor: 200_000n,
  changeOrderMinutes: 1200,
  invoicedMinor: 250_000n,
};

describe('engagement financials', () => {
  it('computes revenue, margin, burn and estimate variance of a fixed fee with a change order', () => {
    const f = computeFinancials(ledger, totals, '2026-03-01', 20);
    // revenue = (1000000 + 200000) × 3000 / (6000 + 1200) = 1200000 × 5/12 = 500000
    expect(f.revenue.minor).toBe(500_000n);
    // margin = 500000 − 400000 = 100000; 100000 / 500000 = 20 %
    expect(f.margin.minor).toBe(100_000n);
    expect(f.marginPercent).toBe(20);
    // burn = 3000 / 7200 = 41.6666 %; variance = (3000 − 4800) / 4800 = −37.5 %
    expect(f.budgetMinutes).toBe(7200);
    expect(f.burnPercent).toBe(41.6666);
    expect(f.estimateVariancePercent).toBe(-37.5);
    expect(f.changeOrderValue.minor).toBe(200_000n);
    expect(f.invoiced.minor).toBe(250_000n);
    // exactly at the threshold is not under it
    expect(f.atRisk).toBe(false);
  });

  it('flags an engagement whose margin falls under the threshold', () => {
    const f = computeFinancials(ledger, { ...totals, costMinor: 400_001n }, '2026-03-01', 20);
    expect(f.marginPercent).toBe(19.9998);
    expect(f.atRisk).toBe(true);
    expect(f.riskReasons).toEqual(['MARGIN_BELOW_THRESHOLD']);
  });

  it('flags a budget burn over 100 %', () => {
    // 7201 / 7200 > 100 %; revenue capped at 1200000, cost 0 → margin fine
    const f = computeFinancials(ledger, { ...totals, minutes: 7201, costMinor: 0n }, '2026-03-01', 20);
    expect(f.burnPercent).toBeGreaterThan(100);
    expect(f.riskReasons).toEqual(['OVER_BUDGET']);
  });

  it('has no margin percent without revenue, no variance without an estimate and 0 burn without a budget', () => {
    const f = computeFinancials(
      { ...ledger, pricingModel: 'TIME_AND_MATERIALS', budgetMinutes: 0, estimatedMinutes: 0 },
      { ...totals, costMinor: 0n, changeOrderMinutes: 0 },
      '2026-03-01',
      20,
    );
    expect(f.revenue.minor).toBe(0n);
    expect(f.marginPercent).toBeNull();
    expect(f.estimateVariancePercent).toBeNull();
    expect(f.burnPercent).toBe(0);
    expect(f.atRisk).toBe(false);
  });

  it('judges margin only once there is revenue or cost', () => {
    expect(riskReasons({ revenueMinor: 0n, costMinor: 0n, marginPercent: null, burnPercent: 0 }, 20)).toEqual(
      [],
    );
    expect(riskReasons({ revenueMinor: 0n, costMinor: 1n, marginPercent: null, burnPercent: 0 }, 20)).toEqual(
      ['MARGIN_BELOW_THRESHOLD'],
    );
  });

  it('raises an alert only on a crossing into risk and clears it on recovery', () => {
    expect(alertTransition(null, true)).toBe('RAISED');
    expect(alertTransition(false, true)).toBe('RAISED');
    expect(alertTransition(true, true)).toBeNull();
    expect(alertTransition(true, false)).toBe('CLEARED');
    expect(alertTransition(false, false)).toBeNull();
    expect(alertTransition(null, false)).toBeNull();
  });
});
