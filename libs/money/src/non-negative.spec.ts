import { addNonNegative, applyNonNegative } from './non-negative';

describe('figures never below 0 (one rule for every service)', () => {
  it('stops a shrinking change at 0 minutes and 0 minor units', () => {
    // 100 h = 6000 min; a −1000 h order = −60000 min: 6000 − 60000 < 0 → 0
    expect(addNonNegative(6000, -60_000)).toBe(0);
    expect(addNonNegative(1_000_00n, -5_000_00n)).toBe(0n);
    expect(addNonNegative(6000, -1200)).toBe(4800);
  });

  it('applies later increases to the clamped figure, in approval order', () => {
    // 6000 → (−60000) 0 → (+3000) 3000: the negative figure is never carried
    expect(applyNonNegative(6000, [-60_000, 3000])).toBe(3000);
    // the other order: 6000 + 3000 = 9000 → −60000 → 0
    expect(applyNonNegative(6000, [3000, -60_000])).toBe(0);
    expect(applyNonNegative(10_000n, [-20_000n, 500n])).toBe(500n);
    expect(applyNonNegative(42, [])).toBe(42);
  });
});
