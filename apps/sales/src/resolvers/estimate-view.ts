import type { Money } from '@platform/money';
import type { CalibratedFigures } from '../domain/calibration';
import type { EstimateLine, EstimateRecord } from '../domain/estimate';
import type { ContractReviewEntity } from '../entities/contract-review.entity';

/** An estimate with the owner of its opportunity, who may see its cost. */
export interface EstimateView {
  estimate: EstimateRecord;
  ownerId: string;
}

/** One line of an estimate, with the same owner. */
export interface EstimateLineView {
  line: EstimateLine;
  ownerId: string;
}

/** A DELIVERY counter-estimate beside the seller's estimate (whose price its margin is taken from). */
export interface DeliveryEstimateView {
  review: ContractReviewEntity;
  lines: Array<Pick<EstimateLine, 'role' | 'minutes' | 'costRate'>>;
  price: Money;
  ownerId: string;
}

export interface SuggestedLineView {
  line: Pick<EstimateLine, 'role' | 'minutes' | 'costRate'>;
  ownerId: string;
}

/** An estimate's figures at calibrated hours, with the owner who may see their cost. */
export interface CalibratedEstimateView {
  figures: CalibratedFigures;
  ownerId: string;
}
