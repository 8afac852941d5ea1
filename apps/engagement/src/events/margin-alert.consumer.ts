import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@platform/events';
import { EngagementWrites } from '../repositories/engagement.repository';

export async function onMarginAlertRaised(
  event: EventEnvelope<'MarginAlertRaised'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordMarginSignal(
    p.engagementId.toLowerCase(),
    'raised_at',
    new Date(p.raisedAt),
  );
}

export async function onMarginAlertCleared(
  event: EventEnvelope<'MarginAlertCleared'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordMarginSignal(
    p.engagementId.toLowerCase(),
    'cleared_at',
    new Date(p.clearedAt),
  );
}

/** One risk reason of an engagement started to hold (accounting, once per crossing). */
export async function onRiskRaised(
  event: EventEnvelope<'RiskRaised'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordRiskSignal(
    p.engagementId.toLowerCase(),
    p.reason,
    'raised_at',
    new Date(p.raisedAt),
  );
}

export async function onRiskCleared(
  event: EventEnvelope<'RiskCleared'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordRiskSignal(
    p.engagementId.toLowerCase(),
    p.reason,
    'cleared_at',
    new Date(p.clearedAt),
  );
}

/** Kept by event id: each crossing is listed once, a redelivery adds nothing. */
export async function onBudgetThresholdCrossed(
  event: EventEnvelope<'BudgetThresholdCrossed'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordBudgetAlert(
    event.id,
    p.engagementId.toLowerCase(),
    p.percent,
    new Date(p.crossedAt),
  );
}

/** The forecast margin accounting computed; an older change arriving late never replaces a newer one. */
export async function onForecastChanged(
  event: EventEnvelope<'ForecastChanged'>,
  manager: EntityManager,
): Promise<void> {
  const p = event.payload;
  await new EngagementWrites(manager).recordForecastMargin(
    p.engagementId.toLowerCase(),
    p.forecastMargin
      ? { minor: BigInt(p.forecastMargin.amountMinor), currency: p.forecastMargin.currency }
      : null,
    p.forecastMarginPercent,
    new Date(p.changedAt),
  );
}
