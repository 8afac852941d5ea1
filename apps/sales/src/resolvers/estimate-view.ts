import type { CalibratedFigures } from '../domain/calibration';
import type { EstimateLine, EstimateRecord } from '../domain/estimate';

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

/** An estimate's figures at calibrated hours, with the owner who may see their cost. */
export interface CalibratedEstimateView {
  figures: CalibratedFigures;
  ownerId: string;
}
