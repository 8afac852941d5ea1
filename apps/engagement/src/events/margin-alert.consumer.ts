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
