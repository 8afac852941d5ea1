import type { DataSource, EntityManager } from 'typeorm';
import { badInput, notFound } from '@platform/errors';
import { toEventMoney } from '@platform/events';
import { moneyFromInput, type MoneyInput } from '@platform/graphql-kit';
import type { Outbox } from '@platform/messaging';
import type { Money } from '@platform/money';
import type { Logger } from '@platform/observability';
import { isCalendarDate } from './dates';
import { isUuid } from './ids';
import { evaluateMarginAlerts } from './margin-alerts';
import { lockMembers } from './rollups';
import { recostEntries } from './time-entries';

export interface SetMemberRateInput {
  memberId: string;
  costRate: MoneyInput;
  billRate: MoneyInput;
  effectiveFrom: string;
}

export interface MemberRate {
  memberId: string;
  costRate: Money;
  billRate: Money;
  effectiveFrom: string;
}

export interface RateDeps {
  dataSource: DataSource;
  outbox: Outbox;
  logger: Logger;
  thresholdPercent: number;
}

/** Validates everything before any write: ISO 4217, the currency's decimals, ≥ 0, one currency. */
export function parseRateInput(input: SetMemberRateInput): MemberRate {
  if (!isUuid(input.memberId)) throw badInput('input.memberId', 'memberId must be a team member id (uuid)');
  const costRate = moneyFromInput(input.costRate, 'input.costRate');
  const billRate = moneyFromInput(input.billRate, 'input.billRate');
  if (costRate.minor < 0n) throw badInput('input.costRate.amount', 'a cost rate cannot be negative');
  if (billRate.minor < 0n) throw badInput('input.billRate.amount', 'a bill rate cannot be negative');
  if (billRate.currency !== costRate.currency) {
    throw badInput(
      'input.billRate.currency',
      'cost and bill rates must be in the same currency; currencies never mix',
    );
  }
  if (!isCalendarDate(input.effectiveFrom))
    throw badInput('input.effectiveFrom', 'effectiveFrom must be a date');
  return { memberId: input.memberId.toLowerCase(), costRate, billRate, effectiveFrom: input.effectiveFrom };
}

const RETRYABLE = new Set(['40P01', '40001']);

/** Retries a transaction that lost a deadlock or serialization race against a consumer. */
async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code =
        (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * A rate names a team member, whom project-delivery owns: accounting knows members from
 * TeamMemberUpserted (member_labels). An id it has never seen — a typo, a client's id — is
 * NOT_FOUND and nothing is written. A member created a moment ago may not have arrived yet
 * (Kafka delivers it within seconds): the caller retries, as for any projection.
 */
async function requireKnownMember(manager: EntityManager, memberId: string): Promise<void> {
  const [known] = (await manager.query(`SELECT 1 FROM member_labels WHERE member_id = $1`, [
    memberId,
  ])) as unknown[];
  if (!known) throw notFound('Team member', memberId, 'input.memberId');
}

/**
 * Sets the rate from a date (replacing one set for the same date), re-costs the entries it now
 * governs (dated from effectiveFrom until the next rate) and publishes MemberRateChanged, all
 * in one transaction.
 */
export async function setMemberRate(
  deps: RateDeps,
  input: SetMemberRateInput,
  setBy: string,
): Promise<MemberRate> {
  const rate = parseRateInput(input);
  const setByMember = isUuid(setBy) ? setBy : null;
  await withRetry(() =>
    deps.dataSource.transaction(async (manager) => {
      await lockMembers(manager, [rate.memberId]);
      await requireKnownMember(manager, rate.memberId);
      await manager.query(
        `INSERT INTO member_rates (member_id, effective_from, currency, cost_rate_minor, bill_rate_minor, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (member_id, effective_from) DO UPDATE SET currency = excluded.currency,
           cost_rate_minor = excluded.cost_rate_minor, bill_rate_minor = excluded.bill_rate_minor,
           set_by = excluded.set_by, set_at = excluded.set_at`,
        [
          rate.memberId,
          rate.effectiveFrom,
          rate.costRate.currency,
          rate.costRate.minor.toString(),
          rate.billRate.minor.toString(),
          setByMember,
        ],
      );
      const [next] = (await manager.query(
        `SELECT min(effective_from)::text AS until FROM member_rates WHERE member_id = $1 AND effective_from > $2`,
        [rate.memberId, rate.effectiveFrom],
      )) as Array<{ until: string | null }>;
      const now = new Date();
      const { engagementIds } = await recostEntries(
        manager,
        { memberId: rate.memberId, from: rate.effectiveFrom, until: next.until },
        now,
        deps.logger,
      );
      await evaluateMarginAlerts(manager, deps.outbox, engagementIds, deps.thresholdPercent, now);
      await deps.outbox.publish(manager, 'MemberRateChanged', {
        memberId: rate.memberId,
        costRate: toEventMoney(rate.costRate),
        billRate: toEventMoney(rate.billRate),
        effectiveFrom: rate.effectiveFrom,
      });
    }),
  );
  return rate;
}

/** Rate cards of many members in one statement, newest first. */
export async function listRates(manager: EntityManager, memberIds: readonly string[]): Promise<MemberRate[]> {
  const ids = memberIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = (await manager.query(
    `SELECT member_id, effective_from::text AS effective_from, currency, cost_rate_minor, bill_rate_minor
     FROM member_rates WHERE member_id = ANY($1::uuid[]) ORDER BY member_id, effective_from DESC`,
    [ids],
  )) as Array<{
    member_id: string;
    effective_from: string;
    currency: string;
    cost_rate_minor: string;
    bill_rate_minor: string;
  }>;
  return rows.map((r) => ({
    memberId: r.member_id,
    effectiveFrom: r.effective_from,
    costRate: { minor: BigInt(r.cost_rate_minor), currency: r.currency },
    billRate: { minor: BigInt(r.bill_rate_minor), currency: r.currency },
  }));
}
