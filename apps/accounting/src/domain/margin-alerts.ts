import type { DataSource, EntityManager } from 'typeorm';
import type { ChunkScope, Outbox } from '@platform/messaging';
import type { RiskReason } from '@platform/events';
import type { Financials } from './financials';
import { loadFinancials } from './figures';
import { DEFAULT_BURN_AHEAD_POINTS } from './forecast';
import { utcDate } from './dates';

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

/** RiskRaised / RiskCleared per reason and BudgetThresholdCrossed, then the new state stored. */
async function publishRiskTransitions(
  manager: EntityManager,
  outbox: Outbox,
  figures: readonly Financials[],
  now: Date,
): Promise<void> {
  const rows = (await manager.query(
    `SELECT engagement_id, reasons, burn_level, forecast_margin_minor, forecast_published
     FROM engagement_risk WHERE engagement_id = ANY($1::uuid[]) FOR UPDATE`,
    [figures.map((f) => f.engagementId)],
  )) as Array<{
    engagement_id: string;
    reasons: RiskReason[];
    burn_level: number;
    forecast_margin_minor: string | null;
    forecast_published: boolean;
  }>;
  const held = new Map(
    rows.map(
      (r) =>
        [
          r.engagement_id,
          {
            reasons: r.reasons,
            level: r.burn_level,
            forecastMargin: r.forecast_published ? r.forecast_margin_minor : undefined,
          },
        ] as const,
    ),
  );
  const changed: Array<{ id: string; reasons: RiskReason[]; level: number; forecastMargin: string | null }> =
    [];
  const at = now.toISOString();
  for (const f of figures) {
    const before = held.get(f.engagementId) ?? { reasons: [], level: 0, forecastMargin: undefined };
    const forecastMargin = f.forecast ? f.forecast.marginMinor.toString() : null;
    const after = { reasons: f.riskReasons, level: burnLevel(f.burnPercent), forecastMargin };
    const { raised, cleared, crossed } = riskTransitions(before, after);
    for (const reason of raised)
      await outbox.publish(manager, 'RiskRaised', { engagementId: f.engagementId, reason, raisedAt: at });
    for (const reason of cleared)
      await outbox.publish(manager, 'RiskCleared', { engagementId: f.engagementId, reason, clearedAt: at });
    for (const percent of crossed)
      await outbox.publish(manager, 'BudgetThresholdCrossed', {
        engagementId: f.engagementId,
        percent,
        burnPercent: f.burnPercent,
        crossedAt: at,
      });
    // Engagement keeps the forecast margin to order its portfolio view (ForecastChanged): published
    // when it moves, never again while it stays (undefined: never published yet).
    const forecastMoved = before.forecastMargin !== forecastMargin;
    if (forecastMoved)
      await outbox.publish(manager, 'ForecastChanged', {
        engagementId: f.engagementId,
        forecastMargin:
          forecastMargin === null
            ? null
            : { amountMinor: forecastMargin, currency: f.contractValue.currency },
        forecastMarginPercent: f.forecast?.marginPercent ?? null,
        changedAt: at,
      });
    const sameReasons =
      before.reasons.length === after.reasons.length &&
      after.reasons.every((r) => before.reasons.includes(r));
    if (!held.has(f.engagementId) || !sameReasons || before.level !== after.level || forecastMoved)
      changed.push({ id: f.engagementId, ...after });
  }
  if (changed.length === 0) return;
  await manager.query(
    `INSERT INTO engagement_risk (engagement_id, reasons, burn_level, forecast_margin_minor, forecast_published, changed_at)
     SELECT e.id, string_to_array(e.reasons, ','), e.level, e.forecast_margin, true, $5
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[]) AS e(id, reasons, level, forecast_margin)
     ON CONFLICT (engagement_id) DO UPDATE SET reasons = excluded.reasons, burn_level = excluded.burn_level,
       forecast_margin_minor = excluded.forecast_margin_minor, forecast_published = true,
       changed_at = excluded.changed_at`,
    [
      changed.map((c) => c.id),
      changed.map((c) => c.reasons.join(',')),
      changed.map((c) => c.level),
      changed.map((c) => c.forecastMargin),
      now,
    ],
  );
}

/**
 * Re-evaluates the risk of engagements whose figures just changed, in the caller's transaction,
 * stores the state and publishes on a crossing: RiskRaised / RiskCleared per reason,
 * BudgetThresholdCrossed per threshold, and MarginAlertRaised / MarginAlertCleared when the
 * engagement as a whole goes into or out of risk (kept for existing consumers).
 */
export async function evaluateMarginAlerts(
  manager: EntityManager,
  outbox: Outbox,
  engagementIds: readonly string[],
  thresholdPercent: number,
  now: Date = new Date(),
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Promise<void> {
  if (engagementIds.length === 0) return;
  const figures = await loadFinancials(
    manager,
    engagementIds,
    utcDate(now),
    thresholdPercent,
    burnAheadPoints,
  );
  if (figures.length === 0) return;
  await publishRiskTransitions(manager, outbox, figures, now);
  const held = (await manager.query(
    `SELECT engagement_id, at_risk FROM margin_alerts WHERE engagement_id = ANY($1::uuid[]) FOR UPDATE`,
    [figures.map((f) => f.engagementId)],
  )) as Array<{ engagement_id: string; at_risk: boolean }>;
  const wasAtRisk = new Map(held.map((h) => [h.engagement_id, h.at_risk] as const));
  const stored: typeof figures = [];
  for (const f of figures) {
    const transition = alertTransition(wasAtRisk.get(f.engagementId) ?? null, f.atRisk);
    if (transition === 'RAISED') {
      await outbox.publish(manager, 'MarginAlertRaised', {
        engagementId: f.engagementId,
        marginPercent: f.marginPercent,
        burnPercent: f.burnPercent,
        thresholdPercent,
        reasons: f.riskReasons,
        raisedAt: now.toISOString(),
      });
    } else if (transition === 'CLEARED') {
      await outbox.publish(manager, 'MarginAlertCleared', {
        engagementId: f.engagementId,
        marginPercent: f.marginPercent,
        burnPercent: f.burnPercent,
        clearedAt: now.toISOString(),
      });
    }
    if (transition !== null || !wasAtRisk.has(f.engagementId)) stored.push(f);
  }
  if (stored.length === 0) return;
  await manager.query(
    `INSERT INTO margin_alerts (engagement_id, at_risk, margin_percent, burn_percent, changed_at)
     SELECT e.id, e.at_risk, e.margin_percent, e.burn_percent, $5
     FROM unnest($1::uuid[], $2::boolean[], $3::numeric[], $4::numeric[]) AS e(id, at_risk, margin_percent, burn_percent)
     ON CONFLICT (engagement_id) DO UPDATE SET at_risk = excluded.at_risk, margin_percent = excluded.margin_percent,
       burn_percent = excluded.burn_percent, changed_at = excluded.changed_at`,
    [
      stored.map((f) => f.engagementId),
      stored.map((f) => f.atRisk),
      stored.map((f) => f.marginPercent),
      stored.map((f) => f.burnPercent),
      now,
    ],
  );
}

/**
 * Collects the engagements whose figures moved during a consumer chunk and evaluates their
 * alerts once, at the end of the chunk (after the entries it holds were applied): N events
 * about one engagement cost one evaluation, and a crossing still publishes exactly once.
 */
export function deferMarginAlerts(
  chunk: ChunkScope,
  outbox: Outbox,
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
        outbox,
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
  outbox: Outbox,
  thresholdPercent: number,
  now: Date = new Date(),
  burnAheadPoints: number = DEFAULT_BURN_AHEAD_POINTS,
): Promise<{ evaluated: number }> {
  let after = '00000000-0000-0000-0000-000000000000';
  let evaluated = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('accounting:margin-sweep', 0)) AS locked`,
      )) as Array<{ locked: boolean }>;
      if (!locked) return null;
      const rows = (await manager.query(
        `SELECT engagement_id FROM engagement_ledgers
         WHERE closed_at IS NULL AND engagement_id > $1 ORDER BY engagement_id LIMIT $2`,
        [after, SWEEP_BATCH],
      )) as Array<{ engagement_id: string }>;
      const ids = rows.map((r) => r.engagement_id);
      await evaluateMarginAlerts(manager, outbox, ids, thresholdPercent, now, burnAheadPoints);
      return ids;
    });
    if (batch === null || batch.length === 0) return { evaluated };
    evaluated += batch.length;
    after = batch[batch.length - 1];
    if (batch.length < SWEEP_BATCH) return { evaluated };
  }
}
