import { roleKey } from '@platform/events';
import type { Calibration } from '../domain/calibration';
import type { SalesLoaders } from '../loaders/sales.loader';

/** The calibrations of the lines' roles, by role key, through the request's loader. */
export async function loadCalibrations(
  loaders: Pick<SalesLoaders, 'calibrationByRole'>,
  lines: ReadonlyArray<{ role: string }>,
): Promise<Map<string, Calibration | null>> {
  const keys = lines.map((line) => roleKey(line.role));
  const loaded = await loaders.calibrationByRole.loadMany(keys);
  return new Map(
    keys.map((key, i) => {
      const value = loaded[i];
      if (value instanceof Error) throw value;
      return [key, value] as const;
    }),
  );
}
