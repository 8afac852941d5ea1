import { z } from 'zod';
import type { ServiceDeps } from '@platform/service-kit';

/** Accounting's own environment, validated with the common subgraph variables. */
export const accountingEnv = {
  /** Margin % under which an engagement is at risk (ARCHITECTURE.md: default 20, configurable). */
  MARGIN_THRESHOLD_PERCENT: z.coerce.number().min(-1000).max(100).default(20),
};

export type AccountingDeps = ServiceDeps<typeof accountingEnv>;
