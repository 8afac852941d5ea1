import { badInput, notFound } from '@platform/errors';
import { hasRole, isCalendarDate, requireRole, type Actor } from '@platform/domain-kit';
import { addDays, startOfDay } from '../domain/calendar';
import { decodeCursor, encodeCursor, validatePageSize } from '../domain/cursor';
import {
  buildHandoff,
  HANDOFF_ITEMS,
  summariseHandoffs,
  type HandoffFacts,
  type HandoffReportFigures,
  type HandoffView,
} from '../domain/handoff';
import { suggestOwners, type OwnerSuggestion } from '../domain/owner-suggestions';
import {
  holdingReasons,
  isAtRisk,
  mayReadEveryMargin,
  mayReadMargin,
  RISK_REASONS,
  visibleReasons,
  type RiskReason,
} from '../domain/engagement-rules';
import {
  milestoneDaysPastDue,
  suggestStatus,
  withoutMarginFacts,
  type MilestoneLateness,
  type SuggestedStatus,
} from '../domain/status-report';
import { portfolioFromFacts, type PortfolioHealth } from '../domain/portfolio';
import type {
  ChangeOrderEntity,
  EngagementEntity,
  HandoffFactEntity,
  MarginAlertEntity,
  RiskSignalEntity,
} from '../entities';
import type {
  EngagementFilter,
  EngagementRepository,
  PortfolioFilter,
} from '../repositories/engagement.repository';

export interface EngagementPageEdge {
  node: EngagementEntity;
  cursor: string;
}

export interface EngagementPage {
  edges: EngagementPageEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export type PortfolioHealthView = PortfolioHealth<EngagementEntity> & { showMoney: boolean };
export type PortfolioEngagementView = PortfolioHealthView['atRisk'][number] & { showMoney: boolean };

export function factsOf(rows: readonly HandoffFactEntity[]): HandoffFacts {
  const facts: HandoffFacts = {};
  for (const row of rows) facts[row.kind] = row.occurredAt;
  return facts;
}

/** Read-side use cases that are more than one DataLoader lookup. */
export class EngagementQueries {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly handoffDeadlineDays: number,
  ) {}

  handoff(engagement: EngagementEntity, facts: readonly HandoffFactEntity[], now = new Date()): HandoffView {
    return buildHandoff(engagement.contractSignedAt, factsOf(facts), this.handoffDeadlineDays, now);
  }

  /**
   * The risk reasons that hold, as `actor` may read them: all of them for those who may read the
   * engagement's margin (mayReadMargin), else those that say nothing of margin.
   */
  riskReasons(
    actor: Actor,
    engagement: EngagementEntity,
    signals: readonly RiskSignalEntity[],
  ): RiskReason[] {
    return visibleReasons(holdingReasons(signals), mayReadMargin(actor, engagement));
  }

  /**
   * At risk (accounting's MarginAlertRaised/Cleared: any reason holds); for a reader who may not
   * read margin, only when a reason they may read holds, so the flag never tells them the rest.
   */
  async atRisk(
    actor: Actor,
    engagement: EngagementEntity,
    load: {
      alert: () => Promise<MarginAlertEntity | null | undefined>;
      signals: () => Promise<readonly RiskSignalEntity[]>;
    },
  ): Promise<boolean> {
    if (mayReadMargin(actor, engagement)) {
      const alert = await load.alert();
      return isAtRisk(alert?.raisedAt ?? null, alert?.clearedAt ?? null);
    }
    return this.riskReasons(actor, engagement, await load.signals()).length > 0;
  }

  /** A filed report's suggestion as `actor` may read it (without margin facts when they may not). */
  reportSuggestion(
    actor: Actor,
    engagement: EngagementEntity | null,
    suggested: SuggestedStatus,
  ): SuggestedStatus {
    return engagement && mayReadMargin(actor, engagement) ? suggested : withoutMarginFacts(suggested);
  }

  /**
   * The RAG the rules give now: the schedule colour from the handoff and the milestones' due
   * dates and sign-offs (MilestonePlanned, MilestoneSignedOff), as of today in UTC; from the risk
   * reasons `actor` may read.
   */
  suggestedStatus(
    actor: Actor,
    engagement: EngagementEntity,
    inputs: {
      signals: readonly RiskSignalEntity[];
      handoffFacts: readonly HandoffFactEntity[];
      changeOrders: readonly ChangeOrderEntity[];
      milestones: readonly MilestoneLateness[];
    },
    now = new Date(),
  ): SuggestedStatus {
    return suggestStatus({
      reasons: this.riskReasons(actor, engagement, inputs.signals),
      handoffOverdue: this.handoff(engagement, inputs.handoffFacts, now).overdue,
      milestoneDaysPastDue: milestoneDaysPastDue(inputs.milestones, now.toISOString().slice(0, 10)),
      changeOrdersAwaitingDecision: inputs.changeOrders.filter((c) => c.status === 'REQUESTED').length,
    });
  }

  async page(
    actor: Actor,
    filter: EngagementFilter,
    first: number,
    after: string | null | undefined,
  ): Promise<EngagementPage> {
    const size = validatePageSize(first);
    // `atRisk` as this reader may see it (see atRisk below).
    filter = { ...filter, reader: { id: actor.id, marginByRole: mayReadEveryMargin(actor) } };
    const cursor = after ? decodeCursor(after) : null;
    const [rows, totalCount] = await Promise.all([
      this.repository.page(filter, size + 1, cursor),
      this.repository.count(filter),
    ]);
    const nodes = rows.slice(0, size);
    const edges = nodes.map((node) => ({
      node,
      cursor: encodeCursor({ openedAt: node.openedAt, id: node.id }),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null,
      },
      totalCount,
    };
  }

  async ownerSuggestions(
    engagement: EngagementEntity | null,
    engagementId: string,
    first: number,
  ): Promise<OwnerSuggestion[]> {
    if (!engagement) throw notFound('Engagement', engagementId, 'engagementId');
    if (!Number.isInteger(first) || first < 0 || first > 50)
      throw badInput('first', 'first must be between 0 and 50');
    const period = { from: engagement.startDate, to: engagement.endDate };
    const members = await this.repository.deliveryCandidates();
    const ids = members.map((m) => m.id);
    const [allocations, timeOff, activeEngagements] = await Promise.all([
      this.repository.allocationsOverlapping(ids, period.from, period.to),
      this.repository.timeOffOverlapping(ids, period.from, period.to),
      this.repository.activeEngagementCounts(ids),
    ]);
    return suggestOwners({
      period,
      members,
      allocations: allocations.map((a) => ({
        memberId: a.memberId,
        minutesPerWeek: a.minutesPerWeek,
        from: a.fromDate,
        to: a.toDate,
      })),
      timeOff: timeOff.map((t) => ({
        memberId: t.memberId,
        minutesPerDay: t.minutesPerDay,
        from: t.fromDate,
        to: t.toDate,
      })),
      activeEngagements,
      first,
    });
  }

  /**
   * The engagement-management lead's view (DELIVERY, FINANCE, ADMIN): counts by suggested RAG and
   * by risk reason over the filtered engagements, and the first `first` at risk ordered by
   * forecast margin loss. The database computes each engagement's status facts and groups them
   * (one statement), and cuts the page in loss order (one statement, then one for its
   * engagements): three statements whatever the portfolio's size or the page's. The colours
   * come from the facts by the domain's rules (suggestStatus).
   * `showMoney` is false for DELIVERY: the list and reasons, never a margin (ARCHITECTURE.md, Security).
   */
  async portfolioHealth(
    actor: Actor,
    filter: PortfolioFilter,
    first: number,
    now = new Date(),
  ): Promise<PortfolioHealthView> {
    requireRole(actor, 'DELIVERY', 'FINANCE');
    if (!Number.isInteger(first) || first < 0 || first > 200)
      throw badInput('first', 'first must be between 0 and 200');
    const at = {
      reasons: RISK_REASONS,
      handoffItems: HANDOFF_ITEMS,
      handoffDeadlineDays: this.handoffDeadlineDays,
      now,
      today: now.toISOString().slice(0, 10),
    };
    // One after the other: a query's reads share one snapshot connection.
    const groups = await this.repository.portfolioFactGroups(filter, at);
    const page = first > 0 ? await this.repository.portfolioAtRisk(filter, at, first) : [];
    const health = portfolioFromFacts(
      groups,
      page.map((row) => ({ ...row, id: row.engagement.id })),
    );
    return { ...health, showMoney: hasRole(actor, 'FINANCE') };
  }

  /** Handoffs of the engagements whose contract was signed in [from, to] (UTC calendar days). */
  async handoffReport(from: string, to: string): Promise<HandoffReportFigures<EngagementEntity>> {
    if (!isCalendarDate(from)) throw badInput('from', 'Expected a date "YYYY-MM-DD"');
    if (!isCalendarDate(to)) throw badInput('to', 'Expected a date "YYYY-MM-DD"');
    if (to < from) throw badInput('to', 'to must not be before from');
    const engagements = await this.repository.signedBetween(startOfDay(from), startOfDay(addDays(to, 1)));
    const facts =
      engagements.length > 0 ? await this.repository.handoffFacts(engagements.map((e) => e.id)) : [];
    const byEngagement = new Map<string, HandoffFactEntity[]>();
    for (const fact of facts)
      byEngagement.set(fact.engagementId, [...(byEngagement.get(fact.engagementId) ?? []), fact]);
    const now = new Date();
    return summariseHandoffs(
      engagements.map((engagement) => ({
        key: engagement,
        handoff: this.handoff(engagement, byEngagement.get(engagement.id) ?? [], now),
      })),
    );
  }
}
