import { createHash } from 'node:crypto';
import type { Money } from '@platform/money';

export interface Invoice {
  id: string;
  engagementId: string;
  milestoneId: string | null;
  amount: Money;
  reason: string;
  issuedAt: Date;
}

/**
 * The invoice id of a milestone is derived from the milestone id (a name-based uuid), so a
 * projection rebuilt from the same history issues the same invoice, not a second one.
 */
export function milestoneInvoiceId(milestoneId: string): string {
  const hex = createHash('sha256').update(`invoice:milestone:${milestoneId.toLowerCase()}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The reason an invoice of a signed-off milestone gives. */
export const milestoneInvoiceReason = (milestoneName: string): string =>
  `Milestone "${milestoneName}" signed off`;
