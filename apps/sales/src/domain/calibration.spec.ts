import { money } from '@platform/money';
import { calibratedFigures, calibrationOf, lineCalibration, type CalibrationSample } from './calibration';
import { needsFinanceApproval } from './review-gate';

const h = (hours: number) => hours * 60;
const sample = (n: number, estimatedH: number, actualH: number): CalibrationSample => ({
  engagementId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  roleKey: 'developer',
  estimatedMinutes: h(estimatedH),
  actualMinutes: h(actualH),
  closedAt: new Date(Date.UTC(2026, 0, n)),
});

// Developer estimated at 100, 200 and 50 h, logged 120, 220 and 50 h: +20 %, +10 %, 0 %.
const three = [sample(1, 100, 120), sample(2, 200, 220), sample(3, 50, 50)];

describe('calibration (ARCHITECTURE.md, "Estimates that learn")', () => {
  it('takes the median variance of three closed engagements: +10 %, so 100 h suggests 110 h', () => {
    const calibration = calibrationOf(three);
    expect(calibration).toEqual({ medianVariancePercent: 10, samples: 3 });
    // 100 h × (1 + 10 / 100) = 110 h = 6,600 min.
    expect(lineCalibration(h(100), calibration)).toEqual({
      medianVariancePercent: 10,
      samples: 3,
      suggestedMinutes: 6600,
    });
  });

  it('has none with only two closed engagements', () => {
    expect(calibrationOf(three.slice(0, 2))).toBeNull();
    expect(lineCalibration(h(100), null)).toBeNull();
  });

  it('keeps the last 10 closed engagements: the 11th-oldest drops out', () => {
    // The ten newest (days 2…11): five at 0 % and five at +20 % → median (0 + 20) / 2 = +10 %.
    const ten = Array.from({ length: 10 }, (_, i) => sample(i + 2, 100, i < 5 ? 100 : 120));
    expect(calibrationOf(ten)).toEqual({ medianVariancePercent: 10, samples: 10 });
    // An 11th, older (day 1) at +20 %: counted it would make the median the 6th of
    // (0 ×5, 20 ×6) = +20 %; it drops out of the window, so the median stays +10 %.
    expect(calibrationOf([sample(1, 100, 120), ...ten])).toEqual({ medianVariancePercent: 10, samples: 10 });
  });

  it('calibrated margin: card cost 50.00, price 6,500.00 — nominal 23.08 %, calibrated 15.38 % → FINANCE required', () => {
    const usd = (minor: bigint) => money(minor, 'USD');
    const estimate = {
      currency: 'USD',
      price: usd(650_000n),
      lines: [{ role: ' developer ', minutes: h(100), costRate: usd(5_000n) }],
    };
    // Nominal: cost 100 h × 50.00 = 5,000.00; margin 1,500.00; 1,500 / 6,500 = 23.0769 % ≥ 20 %.
    const nominal = calibratedFigures(estimate, new Map());
    expect(nominal.marginPercent).toBeCloseTo(23.08, 2);
    expect(needsFinanceApproval({ marginPercent: nominal.marginPercent }, 20)).toBe(false);
    // Calibrated: 110 h × 50.00 = 5,500.00; margin 1,000.00; 1,000 / 6,500 = 15.3846 % < 20 %.
    const calibrated = calibratedFigures(estimate, new Map([['developer', calibrationOf(three)]]));
    expect(calibrated).toMatchObject({ totalMinutes: 6600, cost: usd(550_000n), margin: usd(100_000n) });
    expect(calibrated.marginPercent).toBeCloseTo(15.38, 2);
    expect(
      needsFinanceApproval(
        { marginPercent: nominal.marginPercent, calibratedMarginPercent: calibrated.marginPercent },
        20,
      ),
    ).toBe(true);
  });
});
