import { In, type EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { money } from '@platform/money';
import type { EstimateDraft, EstimateRecord } from '../domain/estimate';
import { EstimateEntity } from '../entities/estimate.entity';
import { EstimateLineEntity } from '../entities/estimate-line.entity';

/** Estimates and their lines, read and written together. */
export class EstimateRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Estimates with their lines for many opportunities in two statements. */
  async ofOpportunities(opportunityIds: readonly string[]): Promise<EstimateRecord[]> {
    const ids = [...new Set(opportunityIds.filter(isUuid))];
    if (ids.length === 0) return [];
    // One after the other: inside a transaction both statements share one connection.
    const estimates = await this.manager
      .getRepository(EstimateEntity)
      .find({ where: { opportunityId: In(ids) } });
    const lines = await this.manager.getRepository(EstimateLineEntity).find({
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

  async ofOpportunity(opportunityId: string): Promise<EstimateRecord | null> {
    const [estimate] = await this.ofOpportunities([opportunityId]);
    return estimate ?? null;
  }

  /** Writes the opportunity's estimate as `revision`, replacing the previous one and its lines. */
  async save(opportunityId: string, draft: EstimateDraft, revision: number, now: Date): Promise<void> {
    await this.manager.getRepository(EstimateEntity).save({
      opportunityId,
      revision,
      currency: draft.currency,
      priceMinor: draft.price.minor,
      startDate: draft.startDate,
      endDate: draft.endDate,
      scope: draft.scope,
      updatedAt: now,
    });
    await this.manager.getRepository(EstimateLineEntity).delete({ opportunityId });
    await this.manager.getRepository(EstimateLineEntity).insert(
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
}
