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

/** Ids are UUIDs (the one rule, in @platform/domain-kit). */
export { isUuid } from '@platform/domain-kit';
