import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import type { PricingModel } from '../domain/recognition';
import type { LedgerFacts } from '../domain/financials';
import { periodPlan, type PeriodSums, type ReportEngagementFacts, type ReportInput } from '../domain/report';

interface LedgerRow {
  engagement_id: string;
  name: string;
  client_id: string;
  client_name: string;
  pricing_model: PricingModel;
  currency: string;
  contract_value_minor: string;
  budget_minutes: number;
  estimated_minutes: number;
  start_date: string;
  end_date: string;
  account_manager_id: string | null;
  delivery_owner_id: string | null;
  updated_at: Date;
}

type ReportLedgerRow = Omit<LedgerRow, 'client_name' | 'estimated_minutes' | 'updated_at'>;

const LEDGER_COLUMNS = `l.engagement_id, l.name, l.client_id, l.client_name, l.pricing_model, l.currency,
  l.contract_value_minor, l.budget_minutes, l.estimated_minutes, l.start_date::text AS start_date,
  l.end_date::text AS end_date, l.account_manager_id, l.delivery_owner_id, l.updated_at`;

const ledgerOf = (row: LedgerRow): LedgerFacts => ({
  engagementId: row.engagement_id,
  name: row.name,
  clientId: row.client_id,
  clientName: row.client_name,
  pricingModel: row.pricing_model,
  currency: row.currency,
  contractValueMinor: BigInt(row.contract_value_minor),
  budgetMinutes: row.budget_minutes,
  estimatedMinutes: row.estimated_minutes,
  startDate: row.start_date,
  endDate: row.end_date,
  accountManagerId: row.account_manager_id,
  deliveryOwnerId: row.delivery_owner_id,
  updatedAt: row.updated_at,
});

/** One engagement's ledger and sums, as the financials are computed from them. */
export interface FinancialFacts {
  ledger: LedgerFacts;
  minutes: number;
  billableMinutes: number;
  costMinor: bigint;
  billMinor: bigint;
  /** Approved change orders in the engagement's currency, in approval order. */
  changeOrderAmounts: bigint[];
  changeOrderMinutes: number[];
  invoicedMinor: bigint;
  offContractMinutes: number;
}

/**
 * The facts of many engagements' financials in ONE statement over the monthly rollup (never the
 * raw entries). Change orders and invoices in another currency than the engagement's are left
 * out: currencies never mix. Engagements without a ledger are absent from the result.
 */
export async function loadFinancialFacts(
  manager: EntityManager,
  engagementIds: readonly string[],
): Promise<FinancialFacts[]> {
  const ids = [...new Set(engagementIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const rows = (await manager.query(
    `SELECT ${LEDGER_COLUMNS},
            coalesce(t.minutes, 0)::bigint AS minutes, coalesce(t.billable_minutes, 0)::bigint AS billable_minutes,
            coalesce(t.cost_minor, 0)::bigint AS cost_minor, coalesce(t.bill_minor, 0)::bigint AS bill_minor,
            co.amounts AS co_amounts, co.minutes AS co_minutes,
            coalesce(inv.amount_minor, 0)::bigint AS invoiced_minor,
            coalesce(oc.minutes, 0)::bigint AS off_contract_minutes
     FROM engagement_ledgers l
     LEFT JOIN LATERAL (
       SELECT sum(m.minutes) AS minutes, sum(m.billable_minutes) AS billable_minutes,
              sum(m.cost_minor) AS cost_minor, sum(m.bill_minor) AS bill_minor
       FROM time_rollup_monthly m WHERE m.engagement_id = l.engagement_id) t ON true
     LEFT JOIN LATERAL (
       SELECT array_agg(c.amount_minor::text ORDER BY c.approved_at, c.change_order_id) AS amounts,
              array_agg(c.minutes ORDER BY c.approved_at, c.change_order_id) AS minutes
       FROM ledger_change_orders c WHERE c.engagement_id = l.engagement_id AND c.currency = l.currency) co ON true
     LEFT JOIN LATERAL (
       SELECT sum(i.amount_minor) AS amount_minor
       FROM invoices i WHERE i.engagement_id = l.engagement_id AND i.currency = l.currency) inv ON true
     LEFT JOIN LATERAL (
       SELECT sum(e.minutes) AS minutes
       FROM costed_time_entries e
       WHERE e.engagement_id = l.engagement_id AND NOT e.deleted AND e.billable AND e.off_contract) oc ON true
     WHERE l.engagement_id = ANY($1::uuid[])`,
    [ids],
  )) as Array<
    LedgerRow & {
      minutes: string;
      billable_minutes: string;
      cost_minor: string;
      bill_minor: string;
      co_amounts: string[] | null;
      co_minutes: number[] | null;
      invoiced_minor: string;
      off_contract_minutes: string;
    }
  >;
  return rows.map((row) => ({
    ledger: ledgerOf(row),
    minutes: Number(row.minutes),
    billableMinutes: Number(row.billable_minutes),
    costMinor: BigInt(row.cost_minor),
    billMinor: BigInt(row.bill_minor),
    changeOrderAmounts: (row.co_amounts ?? []).map(BigInt),
    changeOrderMinutes: row.co_minutes ?? [],
    invoicedMinor: BigInt(row.invoiced_minor),
    offContractMinutes: Number(row.off_contract_minutes),
  }));
}

/**
 * Loads what the report needs in ONE statement whose cost depends on the number of engagements
 * and months in play, never on the number of time entries: the period's sums per engagement
 * (per month for MONTH grouping) from the rollups, the ledgers and labels of engagements with
 * activity or recognized revenue in the period, and for fixed-fee ones the minutes logged
 * before it (whole earlier years from the yearly rollup, earlier months of its year from the
 * monthly one, earlier days of its month from the daily one) and their change orders. No id
 * list travels back and forth.
 */
export async function loadReportFacts(
  manager: EntityManager,
  input: ReportInput,
): Promise<ReportEngagementFacts[]> {
  const plan = periodPlan(input.from, input.to);
  const byMonth = input.groupBy === 'MONTH';
  const rows = (await manager.query(
    `WITH period AS (
       SELECT engagement_id, month, minutes, billable_minutes, cost_minor, bill_minor
       FROM time_rollup_monthly WHERE month BETWEEN $1::date AND $2::date
       UNION ALL
       SELECT engagement_id, date_trunc('month', day)::date, minutes, billable_minutes, cost_minor, bill_minor
       FROM time_rollup_daily WHERE day BETWEEN $3::date AND $4::date OR day BETWEEN $5::date AND $6::date
     ),
     buckets AS (
       SELECT engagement_id, CASE WHEN $9::boolean THEN to_char(month, 'YYYY-MM') ELSE '' END AS bucket,
              sum(minutes) AS minutes, sum(billable_minutes) AS billable_minutes,
              sum(cost_minor) AS cost_minor, sum(bill_minor) AS bill_minor
       FROM period GROUP BY 1, 2
     ),
     candidates AS (
       SELECT engagement_id FROM buckets
       UNION
       SELECT engagement_id FROM engagement_ledgers
       WHERE pricing_model = 'RETAINER' AND start_date <= $8::date AND end_date >= date_trunc('month', $7::date)
       UNION
       SELECT engagement_id FROM ledger_change_orders WHERE approved_on BETWEEN $7::date AND $8::date
     ),
     before AS (
       SELECT b.engagement_id, sum(b.minutes) AS minutes
       FROM (
         SELECT engagement_id, minutes FROM time_rollup_yearly WHERE year < date_trunc('year', $7::date)
         UNION ALL
         SELECT engagement_id, minutes FROM time_rollup_monthly
         WHERE month >= date_trunc('year', $7::date) AND month < date_trunc('month', $7::date)
         UNION ALL
         SELECT engagement_id, minutes FROM time_rollup_daily
         WHERE day >= date_trunc('month', $7::date) AND day < $7::date
       ) b
       JOIN engagement_ledgers f ON f.engagement_id = b.engagement_id AND f.pricing_model = 'FIXED_FEE'
       GROUP BY 1
     ),
     change_orders AS (
       SELECT c.engagement_id,
              json_agg(json_build_array(c.approved_on, c.amount_minor::text, c.minutes)
                       ORDER BY c.approved_at, c.change_order_id) AS list
       FROM ledger_change_orders c
       JOIN engagement_ledgers f ON f.engagement_id = c.engagement_id AND f.pricing_model = 'FIXED_FEE' AND f.currency = c.currency
       WHERE c.approved_on <= $8::date
       GROUP BY 1
     )
     SELECT l.engagement_id, l.name, l.client_id, l.pricing_model, l.currency, l.contract_value_minor,
            l.budget_minutes, l.start_date::text AS start_date, l.end_date::text AS end_date,
            l.account_manager_id, l.delivery_owner_id, coalesce(cl.name, l.client_name) AS client_label,
            am.name AS account_manager_name, dow.name AS delivery_owner_name,
            s.bucket, s.minutes::bigint AS minutes, s.billable_minutes::bigint AS billable_minutes,
            s.cost_minor::bigint AS cost_minor, s.bill_minor::bigint AS bill_minor,
            b.minutes::bigint AS minutes_before, co.list AS change_orders
     FROM candidates
     JOIN engagement_ledgers l ON l.engagement_id = candidates.engagement_id
     LEFT JOIN buckets s ON s.engagement_id = l.engagement_id
     LEFT JOIN before b ON b.engagement_id = l.engagement_id
     LEFT JOIN change_orders co ON co.engagement_id = l.engagement_id
     LEFT JOIN client_labels cl ON cl.client_id = l.client_id
     LEFT JOIN member_labels am ON am.member_id = l.account_manager_id
     LEFT JOIN member_labels dow ON dow.member_id = l.delivery_owner_id`,
    [
      plan.months?.[0] ?? null,
      plan.months?.[1] ?? null,
      plan.head?.[0] ?? null,
      plan.head?.[1] ?? null,
      plan.tail?.[0] ?? null,
      plan.tail?.[1] ?? null,
      input.from,
      input.to,
      byMonth,
    ],
  )) as Array<
    ReportLedgerRow & {
      client_label: string;
      account_manager_name: string | null;
      delivery_owner_name: string | null;
      bucket: string | null;
      minutes: string | null;
      billable_minutes: string | null;
      cost_minor: string | null;
      bill_minor: string | null;
      minutes_before: string | null;
      change_orders: Array<[string, string, number]> | null;
    }
  >;

  // One row per (engagement, bucket): a single bucket per engagement unless grouped by month.
  const byEngagement = new Map<string, ReportEngagementFacts & { months: Map<string, PeriodSums> }>();
  for (const row of rows) {
    let facts = byEngagement.get(row.engagement_id);
    if (!facts) {
      facts = {
        ledger: {
          engagementId: row.engagement_id,
          name: row.name,
          clientId: row.client_id,
          pricingModel: row.pricing_model,
          currency: row.currency,
          contractValueMinor: BigInt(row.contract_value_minor),
          budgetMinutes: row.budget_minutes,
          startDate: row.start_date,
          endDate: row.end_date,
          accountManagerId: row.account_manager_id,
          deliveryOwnerId: row.delivery_owner_id,
        },
        clientLabel: row.client_label,
        accountManagerName: row.account_manager_name,
        deliveryOwnerName: row.delivery_owner_name,
        minutesBeforeFrom: Number(row.minutes_before ?? 0),
        changeOrders: (row.change_orders ?? []).map(([approvedOn, amountMinor, minutes]) => ({
          approvedOn,
          amountMinor: BigInt(amountMinor),
          minutes,
        })),
        months: new Map<string, PeriodSums>(),
      };
      byEngagement.set(row.engagement_id, facts);
    }
    if (row.bucket !== null) {
      facts.months.set(row.bucket, {
        minutes: Number(row.minutes),
        billableMinutes: Number(row.billable_minutes),
        costMinor: BigInt(row.cost_minor ?? 0),
        billMinor: BigInt(row.bill_minor ?? 0),
      });
    }
  }
  return [...byEngagement.values()];
}
