import { Brackets, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  AllocationEntity,
  BudgetAlertEntity,
  ChangeOrderEntity,
  EngagementEntity,
  ForecastMarginEntity,
  HandoffFactEntity,
  MarginAlertEntity,
  PostImplementationReviewEntity,
  ProjectStatusEntity,
  RiskSignalEntity,
  StatusReportEntity,
  TeamMemberEntity,
  TimeOffEntity,
  type EngagementStatus,
} from '../entities';
import type { PageCursor } from '../domain/cursor';
import { MARGIN_REASONS, RISK_REASONS, type RiskReason } from '../domain/engagement-rules';

export interface EngagementFilter {
  status?: EngagementStatus | null;
  clientId?: string | null;
  deliveryOwnerId?: string | null;
  atRisk?: boolean | null;
  /**
   * Who reads (for `atRisk`): one who may not read margin sees an engagement at risk only for a
   * reason that says nothing of it (engagement-rules.ts, mayReadMargin), unless it is their own.
   */
  reader?: { id: string; marginByRole: boolean };
}

export interface MilestoneDue {
  engagementId: string;
  dueDate: string | null;
  signedOff: boolean;
  projectCancelled: boolean;
}

export interface PortfolioFilter {
  status?: EngagementStatus | null;
  clientId?: string | null;
  deliveryOwnerId?: string | null;
  accountManagerId?: string | null;
}

/** What the portfolio statements need besides the filter: the known reasons and items, and the time. */
export interface PortfolioClock {
  /** RISK_REASONS, in their order. */
  reasons: readonly string[];
  /** HANDOFF_ITEMS: the handoff is complete when each has happened. */
  handoffItems: readonly string[];
  handoffDeadlineDays: number;
  now: Date;
  /** `now` as a UTC date "YYYY-MM-DD". */
  today: string;
}

/** The facts of an engagement's suggested status (StatusFacts) as the database computes them. */
export interface PortfolioStatusFacts {
  reasons: RiskReason[];
  handoffOverdue: boolean;
  milestoneDaysPastDue: number | null;
  changeOrdersAwaitingDecision: number;
}

export interface PortfolioFactGroup {
  facts: PortfolioStatusFacts;
  engagements: number;
}

export interface PortfolioAtRiskRow {
  engagement: EngagementEntity;
  facts: PortfolioStatusFacts;
  forecastMarginMinor: bigint | null;
  forecastMarginPercent: number | null;
}

interface PortfolioFactRow {
  reasons: string[];
  handoff_overdue: boolean;
  days_past_due: number | null;
  pending: number;
}

const factsOfRow = (row: PortfolioFactRow): PortfolioStatusFacts => ({
  reasons: RISK_REASONS.filter((r) => row.reasons.includes(r)),
  handoffOverdue: row.handoff_overdue,
  milestoneDaysPastDue: row.days_past_due === null ? null : Number(row.days_past_due),
  changeOrdersAwaitingDecision: Number(row.pending),
});

// The latest alert is newer than the latest all-clear (no alert: not at risk).
const AT_RISK = `COALESCE(ma.raised_at > COALESCE(ma.cleared_at, '-infinity'::timestamptz), false)`;
/** At risk for a reason that says nothing of margin (what a reader who may not read margin sees). */
const AT_RISK_WITHOUT_MARGIN = `EXISTS (SELECT 1 FROM risk_signals rs WHERE rs.engagement_id = e.id
  AND rs.reason NOT IN (${MARGIN_REASONS.map((r) => `'${r}'`).join(', ')})
  AND rs.raised_at > COALESCE(rs.cleared_at, '-infinity'::timestamptz))`;

/** Reads of engagements and what they own; every list read takes many keys at once (for DataLoaders). */
export class EngagementRepository {
  /** The request's reads: one snapshot for a query (requestSnapshot in libs/db). */
  constructor(private readonly manager: EntityManager) {}

  byIds(ids: readonly string[]): Promise<EngagementEntity[]> {
    return this.manager.find(EngagementEntity, { where: { id: In([...ids]) } });
  }

  byContractIds(contractIds: readonly string[]): Promise<EngagementEntity[]> {
    return this.manager.find(EngagementEntity, { where: { contractId: In([...contractIds]) } });
  }

  byClientIds(clientIds: readonly string[]): Promise<EngagementEntity[]> {
    return this.manager.find(EngagementEntity, {
      where: { clientId: In([...clientIds]) },
      order: { openedAt: 'DESC', id: 'DESC' },
    });
  }

  /** Engagements where any of the members is the delivery owner or the account manager, newest first. */
  byMemberIds(memberIds: readonly string[]): Promise<EngagementEntity[]> {
    return this.manager.find(EngagementEntity, {
      where: [{ deliveryOwnerId: In([...memberIds]) }, { accountManagerId: In([...memberIds]) }],
      order: { openedAt: 'DESC', id: 'DESC' },
    });
  }

  private filtered(filter: EngagementFilter): SelectQueryBuilder<EngagementEntity> {
    const query = this.manager
      .createQueryBuilder(EngagementEntity, 'e')
      .leftJoin(MarginAlertEntity, 'ma', 'ma.engagement_id = e.id');
    if (filter.status) query.andWhere('e.status = :status', { status: filter.status });
    if (filter.clientId) query.andWhere('e.client_id = :clientId', { clientId: filter.clientId });
    if (filter.deliveryOwnerId)
      query.andWhere('e.delivery_owner_id = :ownerId', { ownerId: filter.deliveryOwnerId });
    if (filter.atRisk === true || filter.atRisk === false) {
      const reader = filter.reader;
      const atRisk =
        !reader || reader.marginByRole
          ? AT_RISK
          : `(CASE WHEN e.account_manager_id::text = :readerId OR e.delivery_owner_id::text = :readerId
               THEN ${AT_RISK} ELSE ${AT_RISK_WITHOUT_MARGIN} END)`;
      query.andWhere(filter.atRisk ? atRisk : `NOT ${atRisk}`, { readerId: reader?.id.toLowerCase() });
    }
    return query;
  }

  /** Newest first by (openedAt, id); `limit` rows after the cursor. */
  page(filter: EngagementFilter, limit: number, after: PageCursor | null): Promise<EngagementEntity[]> {
    const query = this.filtered(filter);
    if (after) {
      query.andWhere(
        new Brackets((q) =>
          q
            .where('e.opened_at < :afterAt', { afterAt: after.openedAt })
            .orWhere('e.opened_at = :afterAt AND e.id < :afterId', { afterId: after.id }),
        ),
      );
    }
    return query.orderBy('e.opened_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).getMany();
  }

  count(filter: EngagementFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  signedBetween(from: Date, toExclusive: Date): Promise<EngagementEntity[]> {
    return this.manager
      .createQueryBuilder(EngagementEntity, 'e')
      .where('e.contract_signed_at >= :from AND e.contract_signed_at < :to', { from, to: toExclusive })
      .orderBy('e.contract_signed_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  handoffFacts(engagementIds: readonly string[]): Promise<HandoffFactEntity[]> {
    return this.manager.find(HandoffFactEntity, { where: { engagementId: In([...engagementIds]) } });
  }

  changeOrdersOf(engagementIds: readonly string[]): Promise<ChangeOrderEntity[]> {
    return this.manager.find(ChangeOrderEntity, {
      where: { engagementId: In([...engagementIds]) },
      order: { requestedAt: 'ASC', id: 'ASC' },
    });
  }

  reviewsOf(engagementIds: readonly string[]): Promise<PostImplementationReviewEntity[]> {
    return this.manager.find(PostImplementationReviewEntity, {
      where: { engagementId: In([...engagementIds]) },
    });
  }

  /** Reports of each engagement, newest first. */
  statusReportsOf(engagementIds: readonly string[]): Promise<StatusReportEntity[]> {
    return this.manager.find(StatusReportEntity, {
      where: { engagementId: In([...engagementIds]) },
      order: { submittedAt: 'DESC', id: 'ASC' },
    });
  }

  riskSignalsOf(engagementIds: readonly string[]): Promise<RiskSignalEntity[]> {
    return this.manager.find(RiskSignalEntity, { where: { engagementId: In([...engagementIds]) } });
  }

  budgetAlertsOf(engagementIds: readonly string[]): Promise<BudgetAlertEntity[]> {
    return this.manager.find(BudgetAlertEntity, {
      where: { engagementId: In([...engagementIds]) },
      order: { crossedAt: 'ASC', percent: 'ASC' },
    });
  }

  /** Milestones of the engagements with their due dates and sign-offs, and whether their project was cancelled. */
  async milestonesOf(engagementIds: readonly string[]): Promise<MilestoneDue[]> {
    const rows = (await this.manager.query(
      `SELECT m.engagement_id, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.signed_off_at,
              (p.cancelled_at IS NOT NULL) AS cancelled
       FROM milestone_dates m LEFT JOIN project_statuses p ON p.project_id = m.project_id
       WHERE m.engagement_id = ANY($1::uuid[])`,
      [[...engagementIds]],
    )) as Array<{
      engagement_id: string;
      due_date: string | null;
      signed_off_at: Date | null;
      cancelled: boolean;
    }>;
    return rows.map((r) => ({
      engagementId: r.engagement_id,
      dueDate: r.due_date,
      signedOff: r.signed_off_at !== null,
      projectCancelled: r.cancelled,
    }));
  }

  forecastMarginsOf(engagementIds: readonly string[]): Promise<ForecastMarginEntity[]> {
    return this.manager.find(ForecastMarginEntity, { where: { engagementId: In([...engagementIds]) } });
  }

  /**
   * Per engagement of the portfolio (not CLOSED unless a status is asked for), the facts its
   * suggested status is computed from (status-report.ts, suggestStatus), as one CTE both portfolio
   * statements share:
   * - reasons: the risk reasons whose latest raise is later than their latest clear
   *   (holdingReasons), in the order of `reasons`;
   * - handoff_overdue: not every handoff item done and `now` past the signature plus the deadline
   *   days (buildHandoff's `overdue`);
   * - days_past_due: how many days the most overdue open milestone (not signed off, project not
   *   cancelled) is past due on `today` (milestoneDaysPastDue), null when none is;
   * - pending: change orders awaiting a decision.
   */
  private portfolioFactsSql(filter: PortfolioFilter, at: PortfolioClock): { cte: string; params: unknown[] } {
    const params: unknown[] = [at.reasons, at.handoffItems, at.now, at.handoffDeadlineDays, at.today];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    where.push(filter.status ? `e.status = ${param(filter.status)}` : `e.status <> 'CLOSED'`);
    if (filter.clientId) where.push(`e.client_id = ${param(filter.clientId)}`);
    if (filter.deliveryOwnerId) where.push(`e.delivery_owner_id = ${param(filter.deliveryOwnerId)}`);
    if (filter.accountManagerId) where.push(`e.account_manager_id = ${param(filter.accountManagerId)}`);
    const cte = `
      WITH portfolio AS (
        SELECT e.id, e.contract_signed_at FROM engagements e WHERE ${where.join(' AND ')}
      ), holding AS (
        SELECT s.engagement_id, array_agg(s.reason ORDER BY array_position($1::text[], s.reason)) AS reasons
        FROM risk_signals s JOIN portfolio p ON p.id = s.engagement_id
        WHERE s.reason = ANY($1::text[]) AND s.raised_at IS NOT NULL
          AND (s.cleared_at IS NULL OR s.raised_at > s.cleared_at)
        GROUP BY s.engagement_id
      ), handoff AS (
        SELECT h.engagement_id, count(DISTINCT h.kind)::int AS done
        FROM handoff_facts h JOIN portfolio p ON p.id = h.engagement_id
        WHERE h.kind = ANY($2::text[])
        GROUP BY h.engagement_id
      ), late AS (
        SELECT m.engagement_id, max($5::date - m.due_date)::int AS days
        FROM milestone_dates m JOIN portfolio p ON p.id = m.engagement_id
          LEFT JOIN project_statuses ps ON ps.project_id = m.project_id
        WHERE m.signed_off_at IS NULL AND ps.cancelled_at IS NULL AND m.due_date < $5::date
        GROUP BY m.engagement_id
      ), pending AS (
        SELECT c.engagement_id, count(*)::int AS n
        FROM change_orders c JOIN portfolio p ON p.id = c.engagement_id
        WHERE c.status = 'REQUESTED'
        GROUP BY c.engagement_id
      ), facts AS (
        SELECT p.id,
               COALESCE(r.reasons, '{}'::text[]) AS reasons,
               (COALESCE(h.done, 0) < cardinality($2::text[])
                 AND $3::timestamptz > p.contract_signed_at + $4::int * interval '24 hours') AS handoff_overdue,
               l.days AS days_past_due,
               COALESCE(c.n, 0) AS pending
        FROM portfolio p
          LEFT JOIN holding r ON r.engagement_id = p.id
          LEFT JOIN handoff h ON h.engagement_id = p.id
          LEFT JOIN late l ON l.engagement_id = p.id
          LEFT JOIN pending c ON c.engagement_id = p.id
      )`;
    return { cte, params };
  }

  /** The portfolio's engagements grouped by the facts of their suggested status: one statement. */
  async portfolioFactGroups(filter: PortfolioFilter, at: PortfolioClock): Promise<PortfolioFactGroup[]> {
    const { cte, params } = this.portfolioFactsSql(filter, at);
    const rows = (await this.manager.query(
      `${cte}
       SELECT reasons, handoff_overdue, days_past_due, pending, count(*)::int AS engagements
       FROM facts GROUP BY reasons, handoff_overdue, days_past_due, pending`,
      params,
    )) as Array<PortfolioFactRow & { engagements: number }>;
    return rows.map((row) => ({ facts: factsOfRow(row), engagements: Number(row.engagements) }));
  }

  /**
   * The first `limit` engagements of the portfolio at risk (any reason holds), lowest forecast
   * margin first, those without one last, then by id (compareByForecastLoss): one statement for
   * the page, one for its engagements, whatever the page's size.
   */
  async portfolioAtRisk(
    filter: PortfolioFilter,
    at: PortfolioClock,
    limit: number,
  ): Promise<PortfolioAtRiskRow[]> {
    const { cte, params } = this.portfolioFactsSql(filter, at);
    params.push(limit);
    const rows = (await this.manager.query(
      `${cte}
       SELECT f.id, f.reasons, f.handoff_overdue, f.days_past_due, f.pending,
              fm.margin_minor::text AS margin_minor, fm.margin_percent::text AS margin_percent
       FROM facts f LEFT JOIN forecast_margins fm ON fm.engagement_id = f.id
       WHERE cardinality(f.reasons) > 0
       ORDER BY fm.margin_minor ASC NULLS LAST, f.id ASC
       LIMIT $${params.length}`,
      params,
    )) as Array<
      PortfolioFactRow & { id: string; margin_minor: string | null; margin_percent: string | null }
    >;
    if (rows.length === 0) return [];
    const engagements = new Map((await this.byIds(rows.map((r) => r.id))).map((e) => [e.id, e]));
    return rows.map((row) => {
      const engagement = engagements.get(row.id);
      if (!engagement) throw new Error(`engagement ${row.id} vanished from the request's snapshot`);
      return {
        engagement,
        facts: factsOfRow(row),
        forecastMarginMinor: row.margin_minor === null ? null : BigInt(row.margin_minor),
        forecastMarginPercent: row.margin_percent === null ? null : Number(row.margin_percent),
      };
    });
  }

  marginAlertsOf(engagementIds: readonly string[]): Promise<MarginAlertEntity[]> {
    return this.manager.find(MarginAlertEntity, { where: { engagementId: In([...engagementIds]) } });
  }

  /** Active members holding the DELIVERY role: the candidates for delivery owner. */
  deliveryCandidates(): Promise<TeamMemberEntity[]> {
    return this.manager
      .createQueryBuilder(TeamMemberEntity, 'm')
      .where('m.active')
      .andWhere(`m.roles @> ARRAY['DELIVERY']::text[]`)
      .getMany();
  }

  /** Time off not cancelled of the members overlapping [from, to]. */
  timeOffOverlapping(memberIds: readonly string[], from: string, to: string): Promise<TimeOffEntity[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    return this.manager
      .createQueryBuilder(TimeOffEntity, 't')
      .where('t.member_id IN (:...memberIds)', { memberIds })
      .andWhere('t.cancelled_at IS NULL')
      .andWhere('t.from_date <= :to AND t.to_date >= :from', { from, to })
      .getMany();
  }

  allocationsOverlapping(
    memberIds: readonly string[],
    from: string,
    to: string,
  ): Promise<AllocationEntity[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    return this.manager
      .createQueryBuilder(AllocationEntity, 'a')
      .where('a.member_id IN (:...memberIds)', { memberIds })
      .andWhere('a.from_date <= :to AND a.to_date >= :from', { from, to })
      .getMany();
  }

  /** Engagements not closed per delivery owner. */
  async activeEngagementCounts(memberIds: readonly string[]): Promise<Map<string, number>> {
    if (memberIds.length === 0) return new Map();
    const rows = await this.manager
      .createQueryBuilder(EngagementEntity, 'e')
      .select('e.delivery_owner_id', 'memberId')
      .addSelect('COUNT(*)::int', 'count')
      .where('e.delivery_owner_id IN (:...memberIds)', { memberIds })
      .andWhere(`e.status <> 'CLOSED'`)
      .groupBy('e.delivery_owner_id')
      .getRawMany<{ memberId: string; count: number }>();
    return new Map(rows.map((row) => [row.memberId, Number(row.count)]));
  }
}

/** Reads and writes inside a command's transaction. */
export class EngagementWrites {
  constructor(private readonly manager: EntityManager) {}

  lockEngagement(id: string): Promise<EngagementEntity | null> {
    return this.manager.findOne(EngagementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  teamMembers(ids: readonly string[]): Promise<TeamMemberEntity[]> {
    return this.manager.find(TeamMemberEntity, { where: { id: In([...ids]) } });
  }

  async saveEngagement(engagement: EngagementEntity): Promise<void> {
    await this.manager.save(EngagementEntity, engagement);
  }

  lockChangeOrder(id: string): Promise<ChangeOrderEntity | null> {
    return this.manager.findOne(ChangeOrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveChangeOrder(changeOrder: ChangeOrderEntity): Promise<void> {
    await this.manager.save(ChangeOrderEntity, changeOrder);
  }

  review(engagementId: string): Promise<PostImplementationReviewEntity | null> {
    return this.manager.findOne(PostImplementationReviewEntity, { where: { engagementId } });
  }

  async insertReview(review: PostImplementationReviewEntity): Promise<void> {
    await this.manager.insert(PostImplementationReviewEntity, review);
  }

  projectsOf(engagementId: string): Promise<ProjectStatusEntity[]> {
    return this.manager.find(ProjectStatusEntity, { where: { engagementId }, order: { projectId: 'ASC' } });
  }

  /** Keeps the earliest time of a handoff fact: the first occurrence wins, whatever the order. */
  async recordHandoffFact(
    engagementId: string,
    kind: HandoffFactEntity['kind'],
    occurredAt: Date,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO handoff_facts (engagement_id, kind, occurred_at) VALUES ($1, $2, $3)
       ON CONFLICT (engagement_id, kind) DO UPDATE SET occurred_at = LEAST(handoff_facts.occurred_at, EXCLUDED.occurred_at)`,
      [engagementId, kind, occurredAt],
    );
  }

  async hasHandoffFact(engagementId: string, kind: HandoffFactEntity['kind']): Promise<boolean> {
    const found = await this.manager.findOne(HandoffFactEntity, { where: { engagementId, kind } });
    return found !== null;
  }

  /** Opens the engagement unless its contract already has one; true when this call opened it. */
  async insertEngagementOnce(engagement: EngagementEntity): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(EngagementEntity)
      .values(engagement)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async upsertTeamMember(member: TeamMemberEntity): Promise<void> {
    // A late, older upsert never overwrites a newer one.
    await this.manager.query(
      `INSERT INTO team_members (id, name, roles, weekly_capacity_minutes, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles,
         weekly_capacity_minutes = EXCLUDED.weekly_capacity_minutes, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
       WHERE team_members.updated_at <= EXCLUDED.updated_at`,
      [member.id, member.name, member.roles, member.weeklyCapacityMinutes, member.active, member.updatedAt],
    );
  }

  async upsertAllocation(allocation: AllocationEntity): Promise<void> {
    // An allocation id's latest event replaces the earlier one.
    await this.manager.query(
      `INSERT INTO allocations (id, member_id, project_id, engagement_id, minutes_per_week, from_date, to_date, event_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET member_id = EXCLUDED.member_id, project_id = EXCLUDED.project_id,
         engagement_id = EXCLUDED.engagement_id, minutes_per_week = EXCLUDED.minutes_per_week,
         from_date = EXCLUDED.from_date, to_date = EXCLUDED.to_date, event_occurred_at = EXCLUDED.event_occurred_at
       WHERE allocations.event_occurred_at <= EXCLUDED.event_occurred_at`,
      [
        allocation.id,
        allocation.memberId,
        allocation.projectId,
        allocation.engagementId,
        allocation.minutesPerWeek,
        allocation.fromDate,
        allocation.toDate,
        allocation.eventOccurredAt,
      ],
    );
  }

  /** Records one project fact (first time wins); the project becomes known either way. */
  async recordProjectFact(
    projectId: string,
    engagementId: string,
    fact: 'known' | 'started_at' | 'completed_at' | 'cancelled_at',
    at: Date,
  ): Promise<void> {
    if (fact === 'known') {
      await this.manager.query(
        `INSERT INTO project_statuses (project_id, engagement_id) VALUES ($1, $2) ON CONFLICT (project_id) DO NOTHING`,
        [projectId, engagementId],
      );
      return;
    }
    await this.manager.query(
      `INSERT INTO project_statuses (project_id, engagement_id, ${fact}) VALUES ($1, $2, $3)
       ON CONFLICT (project_id) DO UPDATE SET ${fact} = LEAST(project_statuses.${fact}, EXCLUDED.${fact})`,
      [projectId, engagementId, at],
    );
  }

  /** Keeps the latest alert and the latest all-clear, so the newer of the two decides. */
  async insertStatusReport(report: StatusReportEntity): Promise<void> {
    await this.manager.insert(StatusReportEntity, report);
  }

  /** Latest raise and latest clear per reason win, whatever order the events arrive in. */
  async recordRiskSignal(
    engagementId: string,
    reason: string,
    signal: 'raised_at' | 'cleared_at',
    at: Date,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO risk_signals (engagement_id, reason, ${signal}) VALUES ($1, $2, $3)
       ON CONFLICT (engagement_id, reason) DO UPDATE SET ${signal} = GREATEST(risk_signals.${signal}, EXCLUDED.${signal})`,
      [engagementId, reason, at],
    );
  }

  async recordTimeOff(id: string, memberId: string, from: string, to: string, minutesPerDay: number) {
    await this.manager.query(
      `INSERT INTO member_time_off (time_off_id, member_id, from_date, to_date, minutes_per_day) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (time_off_id) DO UPDATE SET from_date = EXCLUDED.from_date, to_date = EXCLUDED.to_date,
         minutes_per_day = EXCLUDED.minutes_per_day`,
      [id, memberId, from, to, minutesPerDay],
    );
  }

  /** Both events are keyed by the member on delivery's topic: the record is always applied first. */
  async cancelTimeOff(id: string, at: Date) {
    await this.manager.query(`UPDATE member_time_off SET cancelled_at = $2 WHERE time_off_id = $1`, [id, at]);
  }

  async recordMilestoneDue(milestoneId: string, engagementId: string, projectId: string, dueDate: string) {
    await this.manager.query(
      `INSERT INTO milestone_dates (milestone_id, engagement_id, project_id, due_date) VALUES ($1, $2, $3, $4)
       ON CONFLICT (milestone_id) DO UPDATE SET due_date = EXCLUDED.due_date`,
      [milestoneId, engagementId, projectId, dueDate],
    );
  }

  async recordMilestoneSignOff(milestoneId: string, engagementId: string, projectId: string, at: Date) {
    await this.manager.query(
      `INSERT INTO milestone_dates (milestone_id, engagement_id, project_id, signed_off_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (milestone_id) DO UPDATE SET signed_off_at = EXCLUDED.signed_off_at`,
      [milestoneId, engagementId, projectId, at],
    );
  }

  async recordForecastMargin(
    engagementId: string,
    margin: { minor: bigint; currency: string } | null,
    marginPercent: number | null,
    at: Date,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO forecast_margins (engagement_id, margin_minor, currency, margin_percent, changed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (engagement_id) DO UPDATE SET margin_minor = EXCLUDED.margin_minor, currency = EXCLUDED.currency,
         margin_percent = EXCLUDED.margin_percent, changed_at = EXCLUDED.changed_at
       WHERE forecast_margins.changed_at <= EXCLUDED.changed_at`,
      [engagementId, margin?.minor.toString() ?? null, margin?.currency ?? null, marginPercent, at],
    );
  }

  async recordBudgetAlert(eventId: string, engagementId: string, percent: number, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO budget_alerts (event_id, engagement_id, percent, crossed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, engagementId, percent, at],
    );
  }

  async recordMarginSignal(
    engagementId: string,
    signal: 'raised_at' | 'cleared_at',
    at: Date,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO margin_alerts (engagement_id, ${signal}) VALUES ($1, $2)
       ON CONFLICT (engagement_id) DO UPDATE SET ${signal} = GREATEST(margin_alerts.${signal}, EXCLUDED.${signal})`,
      [engagementId, at],
    );
  }
}
