import { badInput } from '@platform/errors';
import { actorOf, loadedNonNull } from '@platform/graphql-kit';
import { isStatusReportDue } from '../domain/status-report';
import type { Resolvers, ResolversTypes } from '../generated/resolvers';

const teamMember = (id: string | null): ResolversTypes['TeamMember'] | null =>
  id ? { __typename: 'TeamMember', id } : null;

export const engagementResolvers: Pick<Resolvers, 'Engagement' | 'StatusReport'> = {
  Engagement: {
    __resolveReference: (ref, ctx) => ctx.loaders.engagementById.load(ref.id),
    client: (e) => ({ __typename: 'Client', id: e.clientId }),
    contract: (e) => ({ __typename: 'Contract', id: e.contractId }),
    accountManager: (e) => teamMember(e.accountManagerId),
    deliveryOwner: (e) => teamMember(e.deliveryOwnerId),
    handoff: async (e, _args, ctx) =>
      ctx.queries.handoff(e, await ctx.loaders.handoffFactsByEngagementId.load(e.id)),
    changeOrders: (e, _args, ctx) => ctx.loaders.changeOrdersByEngagementId.load(e.id),
    review: (e, _args, ctx) => ctx.loaders.reviewByEngagementId.load(e.id),
    atRisk: async (e, _args, ctx) =>
      ctx.queries.atRisk(actorOf(ctx.identity), e, {
        alert: () => ctx.loaders.marginAlertByEngagementId.load(e.id),
        signals: () => ctx.loaders.riskSignalsByEngagementId.load(e.id),
      }),
    riskReasons: async (e, _args, ctx) =>
      ctx.queries.riskReasons(
        actorOf(ctx.identity),
        e,
        await ctx.loaders.riskSignalsByEngagementId.load(e.id),
      ),
    suggestedStatus: async (e, _args, ctx) =>
      ctx.queries.suggestedStatus(actorOf(ctx.identity), e, {
        signals: await ctx.loaders.riskSignalsByEngagementId.load(e.id),
        handoffFacts: await ctx.loaders.handoffFactsByEngagementId.load(e.id),
        changeOrders: await ctx.loaders.changeOrdersByEngagementId.load(e.id),
        milestones: await ctx.loaders.milestonesByEngagementId.load(e.id),
      }),
    statusReports: async (e, args, ctx) => {
      const first = args.first ?? 5;
      if (!Number.isInteger(first) || first < 1 || first > 50) throw badInput('first', 'first must be 1–50');
      return (await ctx.loaders.statusReportsByEngagementId.load(e.id)).slice(0, first);
    },
    statusReportDue: async (e, _args, ctx) => {
      const [latest] = await ctx.loaders.statusReportsByEngagementId.load(e.id);
      return isStatusReportDue(e.status, latest?.submittedAt ?? null, new Date());
    },
    budgetAlerts: async (e, _args, ctx) =>
      (await ctx.loaders.budgetAlertsByEngagementId.load(e.id)).map((a) => ({
        percent: a.percent,
        crossedAt: a.crossedAt,
      })),
  },
  StatusReport: {
    engagement: (r, _args, ctx, info) => loadedNonNull(ctx.loaders.engagementById.load(r.engagementId), info),
    submittedBy: (r) => ({ __typename: 'TeamMember', id: r.submittedBy }),
    suggested: async (r, _args, ctx) =>
      ctx.queries.reportSuggestion(
        actorOf(ctx.identity),
        await ctx.loaders.engagementById.load(r.engagementId),
        r.suggested,
      ),
  },
};
