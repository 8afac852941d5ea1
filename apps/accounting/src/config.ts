import { MARGIN_THRESHOLD_PERCENT } from '@platform/config';
import { z } from 'zod';
import type { ServiceDeps } from '@platform/service-kit';

/** Accounting's own environment, validated with the common subgraph variables. */
export const accountingEnv = {
  /** Margin % under which an engagement is at risk (ARCHITECTURE.md: default 20, configurable). */
  MARGIN_THRESHOLD_PERCENT,
  /**
   * How often every open engagement's risk is evaluated again without an event (a retainer's
   * revenue grows as its months begin); 0 turns the sweep off.
   */
  MARGIN_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  /** Burn % − schedule elapsed % above which an engagement is BURN_AHEAD_OF_SCHEDULE (default 20). */
  BURN_AHEAD_POINTS: z.coerce.number().min(0).max(100).default(20),
};

export type AccountingDeps = ServiceDeps<typeof accountingEnv>;

/** The risk settings the figures are judged by. */
export const riskSettings = (deps: AccountingDeps) => ({
  thresholdPercent: deps.config.MARGIN_THRESHOLD_PERCENT,
  burnAheadPoints: deps.config.BURN_AHEAD_POINTS,
});
