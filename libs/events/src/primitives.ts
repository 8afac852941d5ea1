import { z } from 'zod';
import { isCurrency } from '@platform/money';

export const uuid = z.uuid();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const isoDateTime = z.iso.datetime({ offset: true });

/** Money in events: integer minor units as a string (JSON has no bigint) plus ISO 4217 code. */
export const moneySchema = z.object({
  amountMinor: z.string().regex(/^-?\d+$/, 'expected integer minor units'),
  currency: z.string().refine(isCurrency, 'expected an ISO 4217 currency code'),
});
export type EventMoney = z.infer<typeof moneySchema>;

export const roleSchema = z.enum(['ADMIN', 'SALES', 'DELIVERY', 'FINANCE', 'MEMBER']);
export const pricingModelSchema = z.enum(['FIXED_FEE', 'TIME_AND_MATERIALS', 'RETAINER']);
export const milestoneKindSchema = z.enum([
  'BRD',
  'SOW',
  'PROJECT_PLAN',
  'IMPLEMENTATION',
  'POST_IMPLEMENTATION_REVIEW',
  'CUSTOM',
]);
export const minutes = z.number().int();
export const allocationStatusSchema = z.enum(['TENTATIVE', 'CONFIRMED', 'RELEASED']);
export const riskReasonSchema = z.enum([
  'MARGIN_BELOW_THRESHOLD',
  'OVER_BUDGET',
  'BURN_AHEAD_OF_SCHEDULE',
  'FORECAST_OVER_BUDGET',
  'FORECAST_MARGIN_BELOW_THRESHOLD',
]);
export type RiskReason = z.infer<typeof riskReasonSchema>;
