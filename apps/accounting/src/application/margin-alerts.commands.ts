import type { DataSource, EntityManager } from 'typeorm';
import { utcDate } from '@platform/domain-kit';
import type { ChunkScope } from '@platform/messaging';
import type { Financials } from '../domain/financials';
import { DEFAULT_BURN_AHEAD_POINTS } from '../domain/forecast';
import { alertTransition, burnLevel, riskTransitions } from '../domain/risk-transitions';
import type { AccountingEvents } from '../events/accounting.publisher';
import { RiskRepository, type RiskState } from '../repositories/risk.repository';
import { loadFinancials } from './financials.queries';

/** RiskRaised / RiskCleared per reason and BudgetThresholdCrossed, then the new state stored. */
async function publishRiskTransitions(
  manager: EntityManager,
  events: AccountingEvents,
  figures: readonly Financials[],
  now: Date,
): Promise<void> {
  const repository = new RiskRepository(manager);
  const held = await repository.heldRisk(figures.map((f) => f.engagementId));
  const changed: RiskState[] = [];
  for (const f of figures) {
    const engagementId = f.engagementId;
    const before = held.get(engagementId) ?? { reasons: [], level: 0, forecastMargin: undefined };
    const forecastMargin = f.forecast ? f.forecast.marginMinor.toString() : null;
    const after = { reasons: f.riskReasons, level: burnLevel(f.burnPercent), forecastMargin };
    const { raised, cleared, crossed } = riskTransitions(before, after);
    for (const reason of raised) await events.riskRaised(manager, { engagementId, reason, at: now });
    for (const reason of cleared) await events.riskCleared(manager, { engagementId, reason, at: now });
    for (const percent of crossed)
      await events.budgetThresholdCrossed(manager, {
        engagementId,
        percent,
        burnPercent: f.burnPercent,
        at: now,
      });
    // Engagement keeps the forecast margin to order its portfolio view (ForecastChanged): published
    // when it moves, never again while it stays (undefined: never published yet).
    const forecastMoved = before.forecastMargin !== forecastMargin;
    if (forecastMoved)
      await events.forecastChanged(manager, {
        engagementId,
        forecastMarginMinor: forecastMargin,
        currency: f.contractValue.currency,
        forecastMarginPercent: f.forecast?.marginPercent ?? null,
        at: now,
      });
    const sameReasons =
      before.reasons.length === after.reasons.length &&
      after.reasons.every((r) => before.reasons.includes(r));
    if (!held.has(engagementId) || !sameReasons || before.level !== after.level || forecastMoved)
      changed.push({ id: engagementId, ...after });
  }
  await repository.saveRisk(changed, now);
}

/**
 * Re-evaluates the risk of engagements whose figures just changed, in the caller's transaction,
 * stores the state and publishes on a crossing: RiskRaised / RiskCleared per reason,
 * BudgetThresholdCrossed per threshold, and MarginAlertRaised / MarginAlertCleared when the
 * engagement as a whole goes into or out of risk (kept for existing consumers).
 */
export async function evaluateMarginAlerts(
  manager: EntityManager,
  events: AccountingEvents,
  engagementIds: readonly string[],
  thresholdPercent: number,
  now: Date = new Date(),
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Promise<void> {
  if (engagementIds.length === 0) return;
  // Before the figures are read: a concurrent evaluation of the same engagements commits first.
  await new RiskRepository(manager).serialise(engagementIds);
  const figures = await loadFinancials(
    manager,
    engagementIds,
    utcDate(now),
    thresholdPercent,
    burnAheadPoints,
  );
  if (figures.length === 0) return;
  // The events of all these engagements go into the outbox in one statement, in this order.
  await events.together(manager, async (gathered) => {
    await publishRiskTransitions(manager, gathered, figures, now);
    await publishAlertTransitions(manager, gathered, figures, thresholdPercent, now);
  });
}

/** MarginAlertRaised / MarginAlertCleared when the engagement as a whole goes into or out of risk. */
async function publishAlertTransitions(
  manager: EntityManager,
  events: AccountingEvents,
  figures: readonly Financials[],
  thresholdPercent: number,
  now: Date,
): Promise<void> {
  const repository = new RiskRepository(manager);
  const wasAtRisk = await repository.heldAlerts(figures.map((f) => f.engagementId));
  const stored: Financials[] = [];
  for (const f of figures) {
    const transition = alertTransition(wasAtRisk.get(f.engagementId) ?? null, f.atRisk);
    if (transition === 'RAISED') {
      await events.marginAlertRaised(manager, {
        engagementId: f.engagementId,
        marginPercent: f.marginPercent,
        burnPercent: f.burnPercent,
        thresholdPercent,
        reasons: f.riskReasons,
        at: now,
      });
    } else if (transition === 'CLEARED') {
      await events.marginAlertCleared(manager, {
        engagementId: f.engagementId,
        marginPercent: f.marginPercent,
        burnPercent: f.burnPercent,
        at: now,
      });
    }
    if (transition !== null || !wasAtRisk.has(f.engagementId)) stored.push(f);
  }
  await repository.saveAlerts(stored, now);
}

/**
 * Collects the engagements whose figures moved during a consumer chunk and evaluates their
 * alerts once, at the end of the chunk (after the entries it holds were applied): N events
 * about one engagement cost one evaluation, and a crossing still publishes exactly once.
 */
export function deferMarginAlerts(
  chunk: ChunkScope,
  events: AccountingEvents,
  thresholdPercent: number,
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Set<string> {
  return chunk.defer({
    key: 'accounting/margin-alerts',
    order: 100,
    init: () => new Set<string>(),
    run: (engagementIds, manager) =>
      evaluateMarginAlerts(
        manager,
        events,
        [...engagementIds],
        thresholdPercent,
        new Date(),
        burnAheadPoints,
      ),
  });
}

/** Open engagements evaluated per transaction by the sweep. */
const SWEEP_BATCH = 500;

/**
 * Evaluates the risk of every open engagement again, as of `now`: figures that move with the
 * calendar alone (a retainer's revenue as its months begin) cross the threshold without any
 * event. One instance sweeps at a time (a transaction-scoped advisory lock per batch); a
 * crossing publishes once, exactly as when an event moves the figures.
 */
export async function sweepMarginAlerts(
  dataSource: DataSource,
  events: AccountingEvents,
  thresholdPercent: number,
  now: Date = new Date(),
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Promise<{ evaluated: number }> {
  let after = '00000000-0000-0000-0000-000000000000';
  let evaluated = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const repository = new RiskRepository(manager);
      if (!(await repository.trySweepLock())) return null;
      const ids = await repository.openEngagementsAfter(after, SWEEP_BATCH);
      await evaluateMarginAlerts(manager, events, ids, thresholdPercent, now, burnAheadPoints);
      return ids;
    });
    if (batch === null || batch.length === 0) return { evaluated };
    evaluated += batch.length;
    after = batch[batch.length - 1];
    if (batch.length < SWEEP_BATCH) return { evaluated };
  }
}
