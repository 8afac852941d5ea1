import type { EntityManager } from 'typeorm';
import { accuracyReport, type AccuracyInput, type AccuracyReport } from '../domain/estimate-accuracy';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';

/** The estimate-accuracy report of engagements closed in the period (GraphQL and CSV alike). */
export async function estimateAccuracyReport(
  manager: EntityManager,
  input: AccuracyInput,
): Promise<AccuracyReport> {
  return accuracyReport(
    input,
    await new EngagementActualsRepository(manager).closedBetween(input.from, input.to),
  );
}
