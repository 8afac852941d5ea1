import { In, type EntityManager } from 'typeorm';
import { money } from '@platform/money';
import { EstimateEntity } from '../entities/estimate.entity';
import { EstimateLineEntity } from '../entities/estimate-line.entity';
import type { EstimateDraft, EstimateRecord } from './estimate';
import { isUuid } from './sales-types';

/** Estimates with their lines for many opportunities in two statements. */
export async function loadEstimates(
  manager: EntityManager,
  opportunityIds: readonly string[],
): Promise<EstimateRecord[]> {
  const ids = [...new Set(opportunityIds.filter(isUuid))];
  if (ids.length === 0) return [];
  // One after the other: inside a transaction both statements share one connection.
  const estimates = await manager.getRepository(EstimateEntity).find({ where: { opportunityId: In(ids) } });
  const lines = await manager.getRepository(EstimateLineEntity).find({
    where: { opportunityId: In(ids) },
    order: { opportunityId: 'ASC', position: 'ASC' },
  });
  return estimates.map((e) => ({
    opportunityId: e.opportunityId,
    revision: e.revision,
    currency: e.currency,
    price: money(e.priceMinor, e.currency),
    startDate: e.startDate,
    endDate: e.endDate,
    scope: e.scope,
    lines: lines
      .filter((l) => l.opportunityId === e.opportunityId)
      .map((l) => ({
        role: l.role,
        minutes: l.minutes,
        costRate: l.costRateMinor === null ? null : money(l.costRateMinor, e.currency),
        billRate: money(l.billRateMinor, e.currency),
      })),
  }));
}

export async function loadEstimate(
  manager: EntityManager,
  opportunityId: string,
): Promise<EstimateRecord | null> {
  const [estimate] = await loadEstimates(manager, [opportunityId]);
  return estimate ?? null;
}

/** Writes the opportunity's estimate as `revision`, replacing the previous one and its lines. */
export async function saveEstimate(
  manager: EntityManager,
  opportunityId: string,
  draft: EstimateDraft,
  revision: number,
  now: Date,
): Promise<void> {
  await manager.getRepository(EstimateEntity).save({
    opportunityId,
    revision,
    currency: draft.currency,
    priceMinor: draft.price.minor,
    startDate: draft.startDate,
    endDate: draft.endDate,
    scope: draft.scope,
    updatedAt: now,
  });
  await manager.getRepository(EstimateLineEntity).delete({ opportunityId });
  await manager.getRepository(EstimateLineEntity).insert(
    draft.lines.map((line, position) => ({
      opportunityId,
      position,
      role: line.role,
      minutes: line.minutes,
      costRateMinor: line.costRate?.minor ?? null,
      billRateMinor: line.billRate.minor,
    })),
  );
}
