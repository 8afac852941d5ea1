import { contractMonths, fixedFeeRevenue, recognizedRevenue, retainerRevenue } from './recognition';
import { monthSegments } from '@platform/domain-kit';

describe('revenue recognition', () => {
  it('recognizes fixed fee by percentage of completion, rounding half to even once', () => {
    // 100000 × 45 / 60 = 75000 exactly
    expect(fixedFeeRevenue(100_000n, 60, 45)).toBe(75_000n);
    // 1001 × 1 / 2 = 500.5 → 500 (even); 1003 × 1 / 2 = 501.5 → 502 (even)
    expect(fixedFeeRevenue(1001n, 2, 1)).toBe(500n);
    expect(fixedFeeRevenue(1003n, 2, 1)).toBe(502n);
    // 10000 × 1 / 3 = 3333.33 → 3333
    expect(fixedFeeRevenue(10_000n, 3, 1)).toBe(3333n);
  });

  it('caps fixed-fee completion at 100 % of the value', () => {
    expect(fixedFeeRevenue(100_000n, 60, 61)).toBe(100_000n);
    expect(fixedFeeRevenue(100_000n, 60, 600)).toBe(100_000n);
  });

  it('recognizes nothing on a fixed fee before any effort, and all of it when there is no budget', () => {
    expect(fixedFeeRevenue(100_000n, 60, 0)).toBe(0n);
    expect(fixedFeeRevenue(100_000n, 0, 0)).toBe(0n);
    expect(fixedFeeRevenue(100_000n, 0, 5)).toBe(100_000n);
  });

  it('adds approved change orders to both the value and the budget of a fixed fee', () => {
    // (100000 + 20000) × 90 / (120 + 60) = 120000 × 0.5 = 60000
    expect(
      recognizedRevenue(
        {
          pricingModel: 'FIXED_FEE',
          contractValueMinor: 100_000n,
          startDate: '2026-01-01',
          endDate: '2026-12-31',
          budgetMinutes: 120,
          changeOrderMinor: 20_000n,
          changeOrderMinutes: 60,
          loggedMinutes: 90,
          billableBillMinor: 999n,
        },
        '2026-06-01',
      ),
    ).toBe(60_000n);
  });

  it('recognizes time and materials as the billable entries at bill rate', () => {
    expect(
      recognizedRevenue(
        {
          pricingModel: 'TIME_AND_MATERIALS',
          contractValueMinor: 100_000n,
          startDate: '2026-01-01',
          endDate: '2026-12-31',
          budgetMinutes: 120,
          changeOrderMinor: 0n,
          changeOrderMinutes: 0,
          loggedMinutes: 90,
          billableBillMinor: 12_345n,
        },
        '2026-06-01',
      ),
    ).toBe(12_345n);
  });

  it('spreads a retainer over calendar months from the start month to the end month', () => {
    expect(contractMonths('2026-01-15', '2026-03-02')).toBe(3);
    expect(contractMonths('2026-11-01', '2027-02-28')).toBe(4);
  });

  it('counts a retainer month once its first day has come, with the remainder in the last month', () => {
    // 100000 over 3 months: 33333 per month, remainder 1 in March
    expect(retainerRevenue(100_000n, '2026-01-01', '2026-03-31', '2025-12-31')).toBe(0n);
    expect(retainerRevenue(100_000n, '2026-01-01', '2026-03-31', '2026-01-01')).toBe(33_333n);
    expect(retainerRevenue(100_000n, '2026-01-01', '2026-03-31', '2026-02-28')).toBe(66_666n);
    expect(retainerRevenue(100_000n, '2026-01-01', '2026-03-31', '2026-03-01')).toBe(100_000n);
    expect(retainerRevenue(100_000n, '2026-01-01', '2026-03-31', '2030-01-01')).toBe(100_000n);
  });

  it('splits the months of a period, clipped to it', () => {
    expect(monthSegments('2026-01-15', '2026-03-10')).toEqual([
      { month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
  });
});
