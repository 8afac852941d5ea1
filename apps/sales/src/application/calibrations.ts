import type { EntityManager } from 'typeorm';
import { roleKey } from '@platform/events';
import { anyCalibrated, calibratedFigures, calibrationOf, type Calibration } from '../domain/calibration';
import type { EstimateRecord } from '../domain/estimate';
import { CalibrationRepository } from '../repositories/calibration.repository';

/** The calibration of each role key asked for (null where fewer than 3 samples). */
export async function calibrationsOf(
  manager: EntityManager,
  roles: readonly string[],
): Promise<Map<string, Calibration | null>> {
  const keys = [...new Set(roles.map(roleKey))];
  const samples = await new CalibrationRepository(manager).samplesForRoles(keys);
  return new Map(keys.map((key) => [key, calibrationOf(samples.filter((s) => s.roleKey === key))]));
}

/** Margin % of the estimate at calibrated hours; undefined when no line is calibrated. */
export function calibratedMarginPercent(
  estimate: EstimateRecord,
  calibrations: ReadonlyMap<string, Calibration | null>,
): number | null | undefined {
  if (!anyCalibrated(estimate.lines, calibrations)) return undefined;
  return calibratedFigures(estimate, calibrations).marginPercent;
}
