import type { DataSource } from 'typeorm';
import { isUuid, moneyFromInput, requireRole, type Actor, type MoneyInput } from '@platform/domain-kit';
import type { Logger } from '@platform/observability';
import { parseRateInput, type MemberRate, type SetMemberRateInput } from '../domain/member-rates';
import { parseRoleRate, type RoleRate } from '../domain/role-rates';
import type { AccountingEvents } from '../events/accounting.publisher';
import { MemberRateRepository } from '../repositories/member-rate.repository';
import { RoleRateRepository } from '../repositories/role-rate.repository';
import { lockMembers } from '../repositories/rollup.repository';
import type { RiskSettings } from './financials.queries';
import { evaluateMarginAlerts } from './margin-alerts.commands';
import { recostEntries } from './time-entry.commands';

export interface SetRoleRateInput {
  role: string;
  costRate: MoneyInput;
  billRate: MoneyInput;
  effectiveFrom: string;
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

/** Accounting's mutations: the rate cards finance keeps. */
export class AccountingCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AccountingEvents,
    private readonly logger: Logger,
    private readonly settings: RiskSettings,
  ) {}

  /**
   * Sets a member's rate from a date (replacing one set for the same date), re-costs the entries
   * it now governs (dated from effectiveFrom until the next rate), re-evaluates the engagements
   * whose figures or forecast moved and publishes MemberRateChanged, all in one transaction.
   * FINANCE (or ADMIN) only.
   */
  async setMemberRate(actor: Actor, input: SetMemberRateInput): Promise<MemberRate> {
    requireRole(actor, 'FINANCE');
    const rate = parseRateInput(input);
    const setBy = isUuid(actor.id) ? actor.id : null;
    await withRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const rates = new MemberRateRepository(manager);
        await lockMembers(manager, [rate.memberId]);
        await rates.requireKnownMember(rate.memberId);
        await rates.save(rate, setBy);
        const until = await rates.nextEffectiveFrom(rate.memberId, rate.effectiveFrom);
        const now = new Date();
        const { engagementIds } = await recostEntries(
          manager,
          { memberId: rate.memberId, from: rate.effectiveFrom, until },
          now,
          this.logger,
        );
        // The member's booked hours are priced at the new rate too: their engagements' forecasts move.
        const booked = await rates.bookedEngagements(rate.memberId);
        await evaluateMarginAlerts(
          manager,
          this.events,
          [...new Set([...engagementIds, ...booked])],
          this.settings.thresholdPercent,
          now,
          this.settings.burnAheadPoints,
        );
        await this.events.memberRateChanged(manager, rate);
      }),
    );
    return rate;
  }

  /**
   * Sets a role's rates from a date and publishes RoleRateSet in the same transaction (sales
   * costs estimates from its projection of the card). Nothing signed moves: a contract froze its
   * rates, and time entries are costed at member rates. FINANCE (or ADMIN) only.
   */
  async setRoleRate(actor: Actor, input: SetRoleRateInput, now: Date = new Date()): Promise<RoleRate> {
    requireRole(actor, 'FINANCE');
    const rate = parseRoleRate({
      role: input.role,
      costRate: moneyFromInput(input.costRate, 'input.costRate'),
      billRate: moneyFromInput(input.billRate, 'input.billRate'),
      effectiveFrom: input.effectiveFrom,
    });
    await this.dataSource.transaction(async (manager) => {
      await new RoleRateRepository(manager).save(rate, isUuid(actor.id) ? actor.id.toLowerCase() : null, now);
      await this.events.roleRateSet(manager, { ...rate, setAt: now });
    });
    return rate;
  }
}
