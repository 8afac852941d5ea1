import type { EventHandler } from '@platform/messaging';
import { CalibrationRepository } from '../repositories/calibration.repository';

/** Keeps the calibration history: the latest actuals of each closed engagement by role. */
export const onEngagementActualsRecorded: EventHandler<'EngagementActualsRecorded'> = (event, manager) =>
  new CalibrationRepository(manager).record(event.payload);
