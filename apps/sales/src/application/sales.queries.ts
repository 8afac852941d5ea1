import type { Actor } from '@platform/domain-kit';
import type { Calibration } from '../domain/calibration';
import type { EstimateRecord } from '../domain/estimate';
import { gateStateOf } from '../domain/opportunity-gate';
import { signingBlockers, type GateReview } from '../domain/review-gate';
import type { OpportunityStage } from '../domain/sales-types';
import type { ClientEntity } from '../entities/client.entity';
import type { OpportunityEntity } from '../entities/opportunity.entity';
import type { SalesRepository } from '../repositories/sales.repository';

/** Read-side use cases that are more than one DataLoader lookup. */
export class SalesQueries {
  constructor(
    /** The request's reads: one snapshot for a query (requestSnapshot in libs/db). */
    private readonly repository: SalesRepository,
    /** Estimated margin % under which a contract also needs a FINANCE approval. */
    private readonly marginThresholdPercent: number,
  ) {}

  /** By name; one statement however many clients there are. */
  clients(): Promise<ClientEntity[]> {
    return this.repository.listClients();
  }

  /** Newest first, optionally of one stage. */
  opportunities(stage: OpportunityStage | null): Promise<OpportunityEntity[]> {
    return this.repository.listOpportunities(stage);
  }

  /** What still stands between the opportunity and its signature, as the reader may see it. */
  signingBlockers(
    reader: Actor,
    opportunity: Pick<OpportunityEntity, 'stage' | 'ownerId'>,
    held: {
      estimate: EstimateRecord | null;
      reviews: readonly GateReview[];
      signed: boolean;
      calibrations: ReadonlyMap<string, Calibration | null>;
    },
  ): string[] {
    return signingBlockers(
      gateStateOf({
        stage: opportunity.stage,
        ownerId: opportunity.ownerId,
        signed: held.signed,
        estimate: held.estimate,
        reviews: held.reviews,
        marginThresholdPercent: this.marginThresholdPercent,
        calibrations: held.calibrations,
      }),
      reader,
    );
  }
}
