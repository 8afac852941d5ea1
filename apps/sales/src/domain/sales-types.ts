export const OPPORTUNITY_STAGES = [
  'QUALIFYING',
  'ESTIMATING',
  'IN_REVIEW',
  'APPROVED',
  'WON',
  'LOST',
] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export type PricingModel = 'FIXED_FEE' | 'TIME_AND_MATERIALS' | 'RETAINER';
export type ReviewDiscipline = 'DELIVERY' | 'FINANCE';
export type ReviewDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, and must never reach a uuid column as SQL input. */
export const isUuid = (value: string): boolean => UUID.test(value);
