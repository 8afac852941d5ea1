import type { RiskReason } from './engagement-rules';
import { RISK_REASONS } from './engagement-rules';
import type { Rag, SuggestedStatus } from './status-report';

export interface PortfolioItem<E> {
  engagement: E;
  id: string;
  suggested: SuggestedStatus;
  reasons: readonly RiskReason[];
  /** Accounting's forecast margin in minor units (null: no forecast known yet). */
  forecastMarginMinor: bigint | null;
  forecastMarginPercent: number | null;
}

export type RagCounts = Record<Rag, number>;

export interface PortfolioHealth<E> {
  engagementCount: number;
  /** The worst of the three suggested colours of each engagement. */
  overall: RagCounts;
  schedule: RagCounts;
  budget: RagCounts;
  scope: RagCounts;
  /** Every reason, in the order of RiskReason, with how many engagements it holds for (0 included). */
  byRiskReason: Array<{ reason: RiskReason; count: number }>;
  atRiskCount: number;
  /** The first `first` engagements at risk, greatest forecast margin loss first. */
  atRisk: Array<PortfolioItem<E> & { rag: Rag }>;
}

const RANK: Record<Rag, number> = { GREEN: 0, AMBER: 1, RED: 2 };

/** The worst colour of schedule, budget and scope. */
export const overallRag = (s: SuggestedStatus): Rag =>
  [s.schedule.rag, s.budget.rag, s.scope.rag].reduce<Rag>((a, b) => (RANK[b] > RANK[a] ? b : a), 'GREEN');

/**
 * Orders engagements at risk by forecast margin loss: the lowest forecast margin first (a loss of
 * 1,650.00 before a margin of 250.00), those without a forecast after every one with, then by id
 * so the order is total. Margins of different currencies are compared by amount: the view ranks,
 * it never sums them.
 */
export function compareByForecastLoss(
  a: { forecastMarginMinor: bigint | null; id: string },
  b: { forecastMarginMinor: bigint | null; id: string },
): number {
  const x = a.forecastMarginMinor;
  const y = b.forecastMarginMinor;
  if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
  if (x === null && y !== null) return 1;
  if (x !== null && y === null) return -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const zero = (): RagCounts => ({ GREEN: 0, AMBER: 0, RED: 0 });

/** Counts by RAG and by risk reason, and the engagements at risk (any reason holds) in loss order. */
export function summarisePortfolio<E>(
  items: ReadonlyArray<PortfolioItem<E>>,
  first: number,
): PortfolioHealth<E> {
  const overall = zero();
  const schedule = zero();
  const budget = zero();
  const scope = zero();
  const byReason = new Map<RiskReason, number>(RISK_REASONS.map((r) => [r, 0]));
  const atRisk: Array<PortfolioItem<E> & { rag: Rag }> = [];
  for (const item of items) {
    const rag = overallRag(item.suggested);
    overall[rag] += 1;
    schedule[item.suggested.schedule.rag] += 1;
    budget[item.suggested.budget.rag] += 1;
    scope[item.suggested.scope.rag] += 1;
    for (const reason of item.reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    if (item.reasons.length > 0) atRisk.push({ ...item, rag });
  }
  atRisk.sort(compareByForecastLoss);
  return {
    engagementCount: items.length,
    overall,
    schedule,
    budget,
    scope,
    byRiskReason: RISK_REASONS.map((reason) => ({ reason, count: byReason.get(reason) ?? 0 })),
    atRiskCount: atRisk.length,
    atRisk: atRisk.slice(0, first),
  };
}
