import { badInput } from '@platform/errors';
import type { PricingModel } from './recognition';
import { daysBetween, isCalendarDate } from '@platform/domain-kit';
import { MAX_REPORT_DAYS } from './report';

/*
 * Estimates that learn (ARCHITECTURE.md): variance of a (closed engagement, role) =
 * (actual − estimated) / estimated × 100. Pure: the figures of the estimate-accuracy report and
 * of Engagement.estimateAccuracy, from the actuals the repository reads.
 */

export const ACCURACY_GROUP_BYS = ['ROLE', 'CLIENT', 'ESTIMATOR', 'TEMPLATE'] as const;
export type AccuracyGroupBy = (typeof ACCURACY_GROUP_BYS)[number];

export interface AccuracyInput {
  from: string;
  to: string;
  groupBy: AccuracyGroupBy;
}

/** One role of a closed engagement: the contract's minutes for it and the minutes logged under it. */
export interface RoleActual {
  roleKey: string;
  role: string;
  estimatedMinutes: number;
  actualMinutes: number;
}

/** A closed engagement with its actuals by role. */
export interface EngagementActuals {
  engagementId: string;
  clientId: string;
  clientName: string;
  estimatorId: string | null;
  estimatorName: string | null;
  templateId: string | null;
  pricingModel: PricingModel;
  closedAt: Date;
  roles: RoleActual[];
}

export interface AccuracyRow {
  key: string;
  label: string;
  engagements: number;
  estimatedMinutes: number;
  actualMinutes: number;
  /** (Σ actual − Σ estimated) / Σ estimated × 100; null when nothing was estimated. */
  variancePercent: number | null;
  /** Over the row's samples (see `accuracyReport`); null without a sample. */
  medianVariancePercent: number | null;
  p80VariancePercent: number | null;
  samples: number;
}

export interface AccuracyReport extends AccuracyInput {
  rows: AccuracyRow[];
}

export function parseAccuracyInput(
  raw: { from: unknown; to: unknown; groupBy: unknown },
  field: (name: 'from' | 'to' | 'groupBy') => string,
): AccuracyInput {
  if (!isCalendarDate(raw.from)) throw badInput(field('from'), 'from must be a date "YYYY-MM-DD"');
  if (!isCalendarDate(raw.to)) throw badInput(field('to'), 'to must be a date "YYYY-MM-DD"');
  if (raw.to < raw.from) throw badInput(field('to'), 'to must not be before from');
  if (daysBetween(raw.from, raw.to) >= MAX_REPORT_DAYS) {
    throw badInput(field('to'), 'a report covers at most 3 years');
  }
  if (typeof raw.groupBy !== 'string' || !(ACCURACY_GROUP_BYS as readonly string[]).includes(raw.groupBy)) {
    throw badInput(field('groupBy'), `groupBy must be one of ${ACCURACY_GROUP_BYS.join(', ')}`);
  }
  return { from: raw.from, to: raw.to, groupBy: raw.groupBy as AccuracyGroupBy };
}

/**
 * (actual − estimated) / estimated × 100 to two decimals, rounded half away from zero in integer
 * arithmetic (40 / 350 → 11.43); null when nothing was estimated.
 */
export function variancePercent(estimatedMinutes: number, actualMinutes: number): number | null {
  if (estimatedMinutes <= 0) return null;
  const numerator = BigInt(actualMinutes - estimatedMinutes) * 10_000n;
  const whole = BigInt(estimatedMinutes);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const hundredths = (magnitude * 2n + whole) / (2n * whole);
  return Number(negative ? -hundredths : hundredths) / 100;
}

/** The middle value; the mean of the two middle values when the count is even. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value * 100) / 100;
}

/** Nearest rank: the smallest value with at least 80 % of the values at or below it. */
export function percentile80(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.8 * sorted.length) - 1];
}

interface Sample {
  groupKey: string;
  label: string;
  engagementId: string;
  estimatedMinutes: number;
  actualMinutes: number;
}

const NO_TEMPLATE = 'No template';

/**
 * Rows of the report. By ROLE a sample is one (engagement, role) the contract estimated; by
 * CLIENT, ESTIMATOR or TEMPLATE a sample is one engagement, all its roles summed (hours logged
 * under roles the contract did not price count as actual: they were spent on it). Hours logged
 * under a role the contract did not estimate show in the ROLE row of that role with no variance.
 */
export function accuracyReport(
  input: AccuracyInput,
  engagements: readonly EngagementActuals[],
): AccuracyReport {
  const samples: Sample[] = [];
  for (const e of engagements) {
    if (input.groupBy === 'ROLE') {
      for (const r of e.roles) {
        samples.push({
          groupKey: r.roleKey,
          label: r.role,
          engagementId: e.engagementId,
          estimatedMinutes: r.estimatedMinutes,
          actualMinutes: r.actualMinutes,
        });
      }
      continue;
    }
    const estimatedMinutes = e.roles.reduce((sum, r) => sum + r.estimatedMinutes, 0);
    const actualMinutes = e.roles.reduce((sum, r) => sum + r.actualMinutes, 0);
    const [groupKey, label] =
      input.groupBy === 'CLIENT'
        ? [e.clientId, e.clientName]
        : input.groupBy === 'ESTIMATOR'
          ? [e.estimatorId ?? '', e.estimatorName ?? e.estimatorId ?? 'Unknown estimator']
          : [e.templateId ?? '', e.templateId ?? NO_TEMPLATE];
    samples.push({ groupKey, label, engagementId: e.engagementId, estimatedMinutes, actualMinutes });
  }
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s.groupKey, [...(groups.get(s.groupKey) ?? []), s]);
  const rows = [...groups.entries()].map(([key, group]): AccuracyRow => {
    const estimatedMinutes = group.reduce((sum, s) => sum + s.estimatedMinutes, 0);
    const actualMinutes = group.reduce((sum, s) => sum + s.actualMinutes, 0);
    const variances = group
      .map((s) => variancePercent(s.estimatedMinutes, s.actualMinutes))
      .filter((v): v is number => v !== null);
    return {
      key,
      label: group[group.length - 1].label,
      engagements: new Set(group.map((s) => s.engagementId)).size,
      estimatedMinutes,
      actualMinutes,
      variancePercent: variancePercent(estimatedMinutes, actualMinutes),
      medianVariancePercent: median(variances),
      p80VariancePercent: percentile80(variances),
      samples: variances.length,
    };
  });
  rows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  return { ...input, rows };
}
