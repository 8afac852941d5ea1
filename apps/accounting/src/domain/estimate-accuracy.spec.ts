import { median, percentile80, variancePercent } from './estimate-accuracy';

describe('estimate variance (ARCHITECTURE.md, "Estimates that learn")', () => {
  it('is (actual − estimated) / estimated × 100 to two decimals', () => {
    // (120 − 100) / 100 × 100 = +20; (220 − 200) / 200 × 100 = +10; (50 − 50) / 50 = 0.
    expect(variancePercent(6000, 7200)).toBe(20);
    expect(variancePercent(12000, 13200)).toBe(10);
    expect(variancePercent(3000, 3000)).toBe(0);
    // 390 / 350 − 1 = 0.114285… → +11.43; 300 / 350 − 1 = −0.142857… → −14.29.
    expect(variancePercent(21000, 23400)).toBe(11.43);
    expect(variancePercent(21000, 18000)).toBe(-14.29);
    expect(variancePercent(0, 600)).toBeNull();
  });

  it('takes the median and the 80th percentile (nearest rank) of the samples', () => {
    expect(median([20, 10, 0])).toBe(10);
    // Even count: the mean of the two middle values, (10 + 20) / 2 = 15.
    expect(median([30, 10, 20, 0])).toBe(15);
    expect(median([])).toBeNull();
    // ceil(0.8 × 3) = 3rd of (0, 10, 20) = 20; ceil(0.8 × 10) = 8th of 1…10 = 8.
    expect(percentile80([0, 20, 10])).toBe(20);
    expect(percentile80([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(8);
  });
});
