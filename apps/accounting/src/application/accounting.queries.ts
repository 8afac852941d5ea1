import type { EntityManager } from 'typeorm';
import { canSeeFinancials, isCalendarDate, requireRole, utcDate, type Actor } from '@platform/domain-kit';
import { badInput, forbidden } from '@platform/errors';
import {
  accuracyReport,
  parseAccuracyInput,
  type AccuracyReport,
  type EngagementActuals,
} from '../domain/estimate-accuracy';
import type { Financials } from '../domain/financials';
import type { Invoice } from '../domain/invoices';
import type { MemberRate } from '../domain/member-rates';
import { parseReportInput, type ProfitabilityReport } from '../domain/report';
import type { RoleRate } from '../domain/role-rates';
import { EngagementActualsRepository } from '../repositories/engagement-actuals.repository';
import { listInvoices } from '../repositories/invoice.repository';
import { RoleRateRepository } from '../repositories/role-rate.repository';
import { profitabilityReport } from './financials.queries';

/** Per-request batch loads the queries read through (the DataLoaders of loaders/). */
export interface AccountingBatches {
  ratesByMember: { load(memberId: string): Promise<MemberRate[]> };
  financialsByEngagement: { load(engagementId: string): Promise<Financials | null> };
  actualsByEngagement: { load(engagementId: string): Promise<EngagementActuals | null> };
}

/** A report's raw parameters, from GraphQL or a CSV download's query string. */
export interface RawReportInput {
  from: unknown;
  to: unknown;
  groupBy: unknown;
}

/** How a parameter is named in errors: `input.from` in GraphQL, `from` in a download. */
export type FieldName = (name: 'from' | 'to' | 'groupBy') => string;

/**
 * Accounting's reads, each deciding who may see it: financials and rate cards are FINANCE's
 * (ADMIN's), estimate accuracy also DELIVERY's (hours only), the role card also SALES's. Reads
 * of one request share one snapshot (the manager given).
 */
export class AccountingQueries {
  constructor(
    private readonly reads: EntityManager,
    private readonly batches: AccountingBatches,
  ) {}

  /** Null while accounting has not seen the engagement open. */
  async financials(actor: Actor, engagementId: string): Promise<Financials | null> {
    if (!canSeeFinancials(actor)) throw forbidden('Financials are visible to FINANCE and ADMIN only');
    return this.batches.financialsByEngagement.load(engagementId.toLowerCase());
  }

  async memberRates(actor: Actor, memberId: string): Promise<MemberRate[]> {
    if (!canSeeFinancials(actor)) throw forbidden('Rate cards are visible to FINANCE and ADMIN only');
    return this.batches.ratesByMember.load(memberId.toLowerCase());
  }

  /** A closed engagement's actuals by role; null until accounting has seen it close. Hours only. */
  async engagementActuals(actor: Actor, engagementId: string): Promise<EngagementActuals | null> {
    requireRole(actor, 'FINANCE', 'DELIVERY');
    return this.batches.actualsByEngagement.load(engagementId.toLowerCase());
  }

  /** The profitability report (GraphQL and the CSV download alike): who may, then the input. */
  async profitabilityReport(
    actor: Actor,
    raw: RawReportInput,
    field: FieldName,
  ): Promise<ProfitabilityReport> {
    requireRole(actor, 'FINANCE');
    const input = parseReportInput(raw, field);
    return profitabilityReport(this.reads, input);
  }

  /** The estimate-accuracy report of engagements closed in the period: hours only, so DELIVERY too. */
  async estimateAccuracy(actor: Actor, raw: RawReportInput, field: FieldName): Promise<AccuracyReport> {
    requireRole(actor, 'FINANCE', 'DELIVERY');
    const input = parseAccuracyInput(raw, field);
    return accuracyReport(
      input,
      await new EngagementActualsRepository(this.reads).closedBetween(input.from, input.to),
    );
  }

  async invoices(actor: Actor, engagementId: string): Promise<Invoice[]> {
    requireRole(actor, 'FINANCE');
    return listInvoices(this.reads, [engagementId]);
  }

  /** The role card in force on `asOf` (today in UTC by default): sellers build estimates from it. */
  async roleRates(
    actor: Actor,
    asOf: string | null | undefined,
    now: Date = new Date(),
  ): Promise<RoleRate[]> {
    requireRole(actor, 'FINANCE', 'SALES', 'DELIVERY');
    const day = asOf ?? utcDate(now);
    if (!isCalendarDate(day)) throw badInput('asOf', 'asOf must be a date');
    return new RoleRateRepository(this.reads).inForce(day);
  }
}
