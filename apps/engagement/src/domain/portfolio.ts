import type { RiskReason } from './engagement-rules';
import { RISK_REASONS } from './engagement-rules';
import { suggestStatus, type Rag, type StatusFacts, type SuggestedStatus } from './status-report';

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

export type PortfolioCounts = Omit<PortfolioHealth<never>, 'atRisk'>;

/**
 * Counts by RAG and by risk reason over groups of engagements that share the same suggested
 * colours and reasons (`engagements` of them each); an engagement is at risk when any reason holds.
 */
export function countPortfolio(
  groups: ReadonlyArray<{ suggested: SuggestedStatus; reasons: readonly RiskReason[]; engagements: number }>,
): PortfolioCounts {
  const overall = zero();
  const schedule = zero();
  const budget = zero();
  const scope = zero();
  const byReason = new Map<RiskReason, number>(RISK_REASONS.map((r) => [r, 0]));
  let engagementCount = 0;
  let atRiskCount = 0;
  for (const group of groups) {
    const n = group.engagements;
    engagementCount += n;
    overall[overallRag(group.suggested)] += n;
    schedule[group.suggested.schedule.rag] += n;
    budget[group.suggested.budget.rag] += n;
    scope[group.suggested.scope.rag] += n;
    for (const reason of group.reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + n);
    if (group.reasons.length > 0) atRiskCount += n;
  }
  return {
    engagementCount,
    overall,
    schedule,
    budget,
    scope,
    byRiskReason: RISK_REASONS.map((reason) => ({ reason, count: byReason.get(reason) ?? 0 })),
    atRiskCount,
  };
}

/**
 * The portfolio from the facts behind each engagement's suggested status, as the database
 * groups them: the counts over every group (countPortfolio), and the page of engagements at
 * risk, which the caller has already cut in loss order (compareByForecastLoss), with their colour.
 */
export function portfolioFromFacts<E>(
  groups: ReadonlyArray<{ facts: StatusFacts; engagements: number }>,
  page: ReadonlyArray<Omit<PortfolioItem<E>, 'suggested' | 'reasons'> & { facts: StatusFacts }>,
): PortfolioHealth<E> {
  const counts = countPortfolio(
    groups.map((g) => ({
      suggested: suggestStatus(g.facts),
      reasons: g.facts.reasons,
      engagements: g.engagements,
    })),
  );
  const atRisk = page.map(({ facts, ...item }) => {
    const suggested = suggestStatus(facts);
    return { ...item, suggested, reasons: facts.reasons, rag: overallRag(suggested) };
  });
  return { ...counts, atRisk };
}

/** Counts by RAG and by risk reason, and the engagements at risk (any reason holds) in loss order. */
export function summarisePortfolio<E>(
  items: ReadonlyArray<PortfolioItem<E>>,
  first: number,
): PortfolioHealth<E> {
  const atRisk = items
    .filter((item) => item.reasons.length > 0)
    .map((item) => ({ ...item, rag: overallRag(item.suggested) }))
    .sort(compareByForecastLoss);
  return {
    ...countPortfolio(items.map((item) => ({ ...item, engagements: 1 }))),
    atRisk: atRisk.slice(0, first),
  };
}
