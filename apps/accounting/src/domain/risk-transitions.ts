import type { RiskReason } from '@platform/events';

export type AlertTransition = 'RAISED' | 'CLEARED' | null;

/** Alerts fire on crossings only: into risk (raised) and back out of it (cleared). */
export function alertTransition(wasAtRisk: boolean | null, isAtRisk: boolean): AlertTransition {
  if (isAtRisk && wasAtRisk !== true) return 'RAISED';
  if (!isAtRisk && wasAtRisk === true) return 'CLEARED';
  return null;
}

/** Budget burn thresholds, each published once per upward crossing. */
export const BUDGET_THRESHOLDS = [50, 75, 90, 100] as const;
export type BudgetThreshold = (typeof BUDGET_THRESHOLDS)[number];

/** The highest threshold burn has reached (0 below the first). */
export function burnLevel(burnPercent: number): 0 | BudgetThreshold {
  let level: 0 | BudgetThreshold = 0;
  for (const t of BUDGET_THRESHOLDS) if (burnPercent >= t) level = t;
  return level;
}

/**
 * What a re-evaluation publishes against what was held: each reason raised when it starts to
 * hold and cleared when it stops (never again while it keeps holding), and each threshold
 * passed on the way up from the level held before (none on the way down: falling back below a
 * threshold re-arms it).
 */
export function riskTransitions(
  held: { reasons: readonly RiskReason[]; level: number },
  now: { reasons: readonly RiskReason[]; level: number },
): { raised: RiskReason[]; cleared: RiskReason[]; crossed: BudgetThreshold[] } {
  return {
    raised: now.reasons.filter((r) => !held.reasons.includes(r)),
    cleared: held.reasons.filter((r) => !now.reasons.includes(r)),
    crossed: BUDGET_THRESHOLDS.filter((t) => t > held.level && t <= now.level),
  };
}
