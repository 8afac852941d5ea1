import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventPayload } from '@platform/events';
import type { Logger } from '@platform/observability';
import { milestoneInvoiceId, milestoneInvoiceReason } from '../domain/invoices';
import type { AccountingEvents } from '../events/accounting.publisher';
import { ContractRateRepository } from '../repositories/contract-rate.repository';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';
import { insertInvoice } from '../repositories/invoice.repository';
import { lockEngagements, lockMembers } from '../repositories/rollup.repository';
import { TimeEntryRepository } from '../repositories/time-entry.repository';
import {
  engagementsOfContracts,
  insertChangeOrder,
  ledgerCurrency,
  touchLedger,
  upsertLedger,
} from '../repositories/ledger.repository';
import { recostEntries } from './time-entry.commands';

export { assignRoles, closeLedger, upsertClientLabel } from '../repositories/ledger.repository';

/**
 * Opens (or, on a re-published EngagementOpened, refreshes) the ledger, then costs the entries
 * that arrived before it: until now their currency, hence their cost, was unknown.
 */
export async function openLedger(
  manager: EntityManager,
  p: EventPayload<'EngagementOpened'>,
  logger: Logger,
): Promise<string[]> {
  await upsertLedger(manager, p);
  await recostEntries(manager, { engagementId: p.engagementId }, new Date(p.openedAt), logger);
  return [p.engagementId];
}

/** Records an approved change order once; one in another currency is kept but never summed. */
export async function recordChangeOrder(
  manager: EntityManager,
  p: EventPayload<'ChangeOrderApproved'>,
  logger: Logger,
): Promise<string[]> {
  const approvedAt = new Date(p.approvedAt);
  if (!(await insertChangeOrder(manager, p))) return [];
  const currency = await ledgerCurrency(manager, p.engagementId);
  if (currency !== null && currency !== p.amountDelta.currency) {
    logger.warn(
      {
        engagementId: p.engagementId,
        changeOrderId: p.changeOrderId,
        currency: p.amountDelta.currency,
        engagementCurrency: currency,
      },
      'change order not counted: its currency differs from the engagement currency',
    );
  }
  await touchLedger(manager, p.engagementId, approvedAt);
  return [p.engagementId];
}

/**
 * A milestone sign-off with a billing amount issues one invoice and publishes InvoiceIssued in
 * the same transaction; a redelivered sign-off issues nothing more.
 */
export async function issueMilestoneInvoice(
  manager: EntityManager,
  events: AccountingEvents,
  p: EventPayload<'MilestoneSignedOff'>,
  logger: Logger,
): Promise<void> {
  if (p.billingAmount === null) return;
  const invoice = {
    invoiceId: milestoneInvoiceId(p.milestoneId),
    engagementId: p.engagementId,
    milestoneId: p.milestoneId,
    amount: p.billingAmount,
    reason: milestoneInvoiceReason(p.name),
    issuedAt: new Date(p.signedOffAt),
  };
  if (!(await insertInvoice(manager, invoice))) return;
  const currency = await ledgerCurrency(manager, p.engagementId);
  if (currency !== null && currency !== p.billingAmount.currency) {
    logger.warn(
      { engagementId: p.engagementId, milestoneId: p.milestoneId, currency: p.billingAmount.currency },
      'invoice in another currency than the engagement: issued, but not counted in its invoiced total',
    );
  }
  await touchLedger(manager, p.engagementId, invoice.issuedAt);
  await events.invoiceIssued(manager, invoice);
}

/**
 * Rates an approved change order adds to (or changes in) the engagement's rate table: entries
 * from the approval on under the role it priced are billed at its rate. True when new rates
 * were recorded (the engagement's figures may have moved).
 */
export async function recordChangeOrderRates(
  manager: EntityManager,
  p: EventPayload<'ChangeOrderApproved'>,
  logger: Logger,
): Promise<boolean> {
  const approvedAt = new Date(p.approvedAt);
  const rates = new ContractRateRepository(manager);
  if (!(await rates.recordChangeOrderRates(p.engagementId, p.changeOrderId, p.rates, approvedAt)))
    return false;
  await recostEntries(manager, { engagementId: p.engagementId }, approvedAt, logger);
  return true;
}

/**
 * Keeps a signed contract's seller (its estimator) and rate table, then re-costs the entries of
 * its engagement if accounting has seen it open. Returns that engagement, else null (the ledger
 * re-costs its entries when it opens).
 */
export async function recordContract(
  manager: EntityManager,
  p: EventPayload<'ContractSigned'>,
  logger: Logger,
): Promise<string | null> {
  const contractId = p.contractId.toLowerCase();
  await new EngagementActualsRepository(manager).recordSeller(
    contractId,
    p.opportunityId.toLowerCase(),
    p.sellerId.toLowerCase(),
  );
  const engagementId = await new ContractRateRepository(manager).recordContractRates(contractId, p.rates);
  if (engagementId === null) return null;
  await recostEntries(manager, { engagementId }, new Date(p.signedAt), logger);
  return engagementId;
}

/**
 * The locks a chunk of ledger events needs, all taken before its first write, each class in one
 * statement and in key order (docs/development.md, "Lock order"): the ledger of every engagement
 * its events name, then (EXCLUSIVE) every member with entries on them. Opening a ledger, or a
 * contract's or change order's rates, re-costs the engagement's entries under these locks; taken
 * one event at a time they would come out of key order, and a chunk of time entries holding
 * some of them would deadlock with this one.
 */
export async function lockLedgersOf(manager: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  const named = (types: readonly string[]) =>
    events.flatMap((e) => {
      const engagementId = (e.payload as { engagementId?: unknown }).engagementId;
      return types.includes(e.type) && typeof engagementId === 'string' ? [engagementId.toLowerCase()] : [];
    });
  const contracts = events.flatMap((e) =>
    e.type === 'ContractSigned' ? [(e.payload as { contractId: string }).contractId] : [],
  );
  // Re-costed: ledgers opening, contracts' and change orders' rates. Only written: close, roles.
  const recosted = [
    ...named(['EngagementOpened', 'ChangeOrderApproved']),
    ...(await engagementsOfContracts(manager, contracts)),
  ];
  const all = [...recosted, ...named(['EngagementClosed', 'EngagementRolesAssigned'])];
  if (all.length === 0) return;
  await lockEngagements(manager, all);
  await lockMembers(manager, await new TimeEntryRepository(manager).membersOfAny(recosted));
}
