import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import type { EventMoney } from '@platform/events';
import type { Invoice } from '../domain/invoices';

/** Stores an invoice once; false when it was issued already (a redelivered sign-off). */
export async function insertInvoice(
  manager: EntityManager,
  invoice: {
    invoiceId: string;
    engagementId: string;
    milestoneId: string | null;
    amount: EventMoney;
    reason: string;
    issuedAt: Date;
  },
): Promise<boolean> {
  const inserted = (await manager.query(
    `INSERT INTO invoices (invoice_id, engagement_id, milestone_id, currency, amount_minor, reason, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING invoice_id`,
    [
      invoice.invoiceId,
      invoice.engagementId,
      invoice.milestoneId,
      invoice.amount.currency,
      invoice.amount.amountMinor,
      invoice.reason,
      invoice.issuedAt,
    ],
  )) as unknown[];
  return inserted.length > 0;
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
