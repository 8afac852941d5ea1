import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventPayload } from '@platform/events';
import type { Outbox } from '@platform/messaging';
import type { Money } from '@platform/money';
import type { Logger } from '@platform/observability';
import { isUuid } from './ids';

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

/**
 * A milestone sign-off with a billing amount issues one invoice and publishes InvoiceIssued in
 * the same transaction; a redelivered sign-off issues nothing more.
 */
export async function issueMilestoneInvoice(
  manager: EntityManager,
  outbox: Outbox,
  p: EventPayload<'MilestoneSignedOff'>,
  logger: Logger,
): Promise<void> {
  if (p.billingAmount === null) return;
  const invoiceId = milestoneInvoiceId(p.milestoneId);
  const reason = `Milestone "${p.name}" signed off`;
  const issuedAt = new Date(p.signedOffAt);
  const inserted = (await manager.query(
    `INSERT INTO invoices (invoice_id, engagement_id, milestone_id, currency, amount_minor, reason, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING invoice_id`,
    [
      invoiceId,
      p.engagementId,
      p.milestoneId,
      p.billingAmount.currency,
      p.billingAmount.amountMinor,
      reason,
      issuedAt,
    ],
  )) as unknown[];
  if (inserted.length === 0) return;
  const [ledger] = (await manager.query(`SELECT currency FROM engagement_ledgers WHERE engagement_id = $1`, [
    p.engagementId,
  ])) as Array<{ currency: string }>;
  if (ledger && ledger.currency !== p.billingAmount.currency) {
    logger.warn(
      { engagementId: p.engagementId, milestoneId: p.milestoneId, currency: p.billingAmount.currency },
      'invoice in another currency than the engagement: issued, but not counted in its invoiced total',
    );
  }
  await manager.query(
    `UPDATE engagement_ledgers SET updated_at = greatest(updated_at, $2) WHERE engagement_id = $1`,
    [p.engagementId, issuedAt],
  );
  await outbox.publish(manager, 'InvoiceIssued', {
    invoiceId,
    engagementId: p.engagementId,
    milestoneId: p.milestoneId,
    amount: p.billingAmount,
    reason,
    issuedAt: issuedAt.toISOString(),
  });
}

export async function listInvoices(
  manager: EntityManager,
  engagementIds: readonly string[],
): Promise<Invoice[]> {
  const ids = engagementIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = (await manager.query(
    `SELECT invoice_id, engagement_id, milestone_id, currency, amount_minor, reason, issued_at
     FROM invoices WHERE engagement_id = ANY($1::uuid[]) ORDER BY issued_at, invoice_id`,
    [ids],
  )) as Array<{
    invoice_id: string;
    engagement_id: string;
    milestone_id: string | null;
    currency: string;
    amount_minor: string;
    reason: string;
    issued_at: Date;
  }>;
  return rows.map((r) => ({
    id: r.invoice_id,
    engagementId: r.engagement_id,
    milestoneId: r.milestone_id,
    amount: { minor: BigInt(r.amount_minor), currency: r.currency },
    reason: r.reason,
    issuedAt: r.issued_at,
  }));
}
