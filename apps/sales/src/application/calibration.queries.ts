import { roleKey } from '@platform/events';
import { calibrationOf, type Calibration } from '../domain/calibration';
import type { CalibrationRepository } from '../repositories/calibration.repository';

/** The calibration of each role key asked for (null where fewer than 3 samples). */
export async function calibrationsOf(
  repository: CalibrationRepository,
  roles: readonly string[],
): Promise<Map<string, Calibration | null>> {
  const keys = [...new Set(roles.map(roleKey))];
  const samples = await repository.samplesForRoles(keys);
  return new Map(keys.map((key) => [key, calibrationOf(samples.filter((s) => s.roleKey === key))]));
}
