import { roleKey } from '@platform/events';
import { amountForMinutes, money, percent, type Money } from '@platform/money';

/*
 * Estimates that learn (ARCHITECTURE.md): calibration of an estimate line = the median variance
 * of its role over the last 10 closed engagements that estimated that role (at least 3, else
 * none); suggested hours = hours × (1 + median / 100), rounded to whole minutes. Pure.
 */

export const CALIBRATION_WINDOW = 10;
export const CALIBRATION_MIN_SAMPLES = 3;

/** One closed engagement's figures for one role (from EngagementActualsRecorded). */
export interface CalibrationSample {
  engagementId: string;
  roleKey: string;
  estimatedMinutes: number;
  actualMinutes: number;
  closedAt: Date;
}

export interface Calibration {
  medianVariancePercent: number;
  samples: number;
}

export interface LineCalibration extends Calibration {
  suggestedMinutes: number;
}

/** (actual − estimated) / estimated × 100 in hundredths of a percent, rounded half away from zero. */
function varianceHundredths(estimatedMinutes: number, actualMinutes: number): number {
  const numerator = BigInt(actualMinutes - estimatedMinutes) * 10_000n;
  const whole = BigInt(estimatedMinutes);
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (magnitude * 2n + whole) / (2n * whole);
  return Number(numerator < 0n ? -rounded : rounded);
}

/**
 * The calibration of one role from its samples (any order): the newest CALIBRATION_WINDOW
 * closed engagements that estimated the role (closed last first, ties by engagement id); null
 * below CALIBRATION_MIN_SAMPLES. The median of an even count is the mean of the middle two.
 */
export function calibrationOf(samples: readonly CalibrationSample[]): Calibration | null {
  const window = samples
    .filter((s) => s.estimatedMinutes > 0)
    .sort(
      (a, b) => b.closedAt.getTime() - a.closedAt.getTime() || a.engagementId.localeCompare(b.engagementId),
    )
    .slice(0, CALIBRATION_WINDOW);
  if (window.length < CALIBRATION_MIN_SAMPLES) return null;
  const variances = window
    .map((s) => varianceHundredths(s.estimatedMinutes, s.actualMinutes))
    .sort((a, b) => a - b);
  const mid = Math.floor(variances.length / 2);
  const medianHundredths =
    variances.length % 2 === 1 ? variances[mid] : Math.round((variances[mid - 1] + variances[mid]) / 2);
  return { medianVariancePercent: medianHundredths / 100, samples: window.length };
}

/** minutes × (1 + median / 100), rounded half up to a whole minute (never below 0). */
export function suggestedMinutes(minutes: number, medianVariancePercent: number): number {
  const hundredths = BigInt(Math.round(medianVariancePercent * 100));
  const scaled = BigInt(minutes) * (10_000n + hundredths);
  const result = scaled <= 0n ? 0n : (scaled + 5_000n) / 10_000n;
  return Number(result);
}

/** A line's calibration given its role's (null when the role has too few samples). */
export function lineCalibration(minutes: number, calibration: Calibration | null): LineCalibration | null {
  if (!calibration) return null;
  return { ...calibration, suggestedMinutes: suggestedMinutes(minutes, calibration.medianVariancePercent) };
}

export interface CalibratedFigures {
  totalMinutes: number;
  /** Null while a line's role has no cost rate on the card, as for the nominal figures. */
  cost: Money | null;
  margin: Money | null;
  marginPercent: number | null;
}

/**
 * The estimate at suggested hours (a line without calibration keeps its hours) and the same
 * cost rates; each line costed like a time entry, round_half_even(minutes × cost rate / 60).
 */
export function calibratedFigures(
  estimate: {
    currency: string;
    price: Money;
    lines: ReadonlyArray<{ role: string; minutes: number; costRate: Money | null }>;
  },
  calibrations: ReadonlyMap<string, Calibration | null>,
): CalibratedFigures {
  let totalMinutes = 0;
  let cost = 0n;
  let costKnown = true;
  for (const line of estimate.lines) {
    const calibration = lineCalibration(line.minutes, calibrations.get(roleKey(line.role)) ?? null);
    const minutes = calibration ? calibration.suggestedMinutes : line.minutes;
    totalMinutes += minutes;
    if (line.costRate) cost += amountForMinutes(minutes, line.costRate.minor);
    else costKnown = false;
  }
  if (!costKnown) return { totalMinutes, cost: null, margin: null, marginPercent: null };
  const margin = estimate.price.minor - cost;
  return {
    totalMinutes,
    cost: money(cost, estimate.currency),
    margin: money(margin, estimate.currency),
    marginPercent: percent(margin, estimate.price.minor),
  };
}

/** Whether any line of the estimate has a calibration (else calibrated figures say nothing new). */
export function anyCalibrated(
  lines: ReadonlyArray<{ role: string }>,
  calibrations: ReadonlyMap<string, Calibration | null>,
): boolean {
  return lines.some((line) => (calibrations.get(roleKey(line.role)) ?? null) !== null);
}
