import { hasRole, hoursFromMinutes, type MoneyInput } from '@platform/graphql-kit';
import { money, toMoneyOutput } from '@platform/money';
import type { DeliveryContext } from '../context';
import { assertRange } from '../domain/capacity';
import {
  addMilestone,
  deliverMilestone,
  setMilestoneBillingAmount,
  signOffMilestone,
  type AddMilestoneInput,
} from '../domain/milestone.service';
import { createProject, moveProject, type CreateProjectInput } from '../domain/project.service';
import type { MilestoneEntity } from '../entities/milestone.entity';
import type { ProjectEntity } from '../entities/project.entity';

type Ctx = DeliveryContext;

export const projectResolvers = {
  Query: {
    project: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.project.load(args.id),
  },
  Mutation: {
    createProject: (_: unknown, args: { input: CreateProjectInput }, ctx: Ctx) =>
      createProject(ctx.ports, ctx.identity, args.input),
    startProject: (_: unknown, args: { projectId: string }, ctx: Ctx) =>
      moveProject(ctx.ports, ctx.identity, args.projectId, 'start'),
    completeProject: (_: unknown, args: { projectId: string }, ctx: Ctx) =>
      moveProject(ctx.ports, ctx.identity, args.projectId, 'complete'),
    cancelProject: (_: unknown, args: { projectId: string }, ctx: Ctx) =>
      moveProject(ctx.ports, ctx.identity, args.projectId, 'cancel'),
    addMilestone: (_: unknown, args: { input: AddMilestoneInput }, ctx: Ctx) =>
      addMilestone(ctx.ports, ctx.identity, args.input),
    setMilestoneBillingAmount: (
      _: unknown,
      args: { milestoneId: string; amount?: MoneyInput | null },
      ctx: Ctx,
    ) => setMilestoneBillingAmount(ctx.ports, ctx.identity, args.milestoneId, args.amount ?? null),
    deliverMilestone: (_: unknown, args: { milestoneId: string }, ctx: Ctx) =>
      deliverMilestone(ctx.ports, ctx.identity, args.milestoneId),
    signOffMilestone: (_: unknown, args: { milestoneId: string }, ctx: Ctx) =>
      signOffMilestone(ctx.ports, ctx.identity, args.milestoneId),
  },
  Engagement: {
    // Engagements are owned by the engagement subgraph; here one is just a key to hang projects on.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    projects: (engagement: { id: string }, _: unknown, ctx: Ctx) =>
      ctx.loaders.projectsByEngagement.load(engagement.id),
  },
  Project: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.project.load(ref.id),
    engagement: (project: ProjectEntity) => ({ id: project.engagementId }),
    budgetHours: (project: ProjectEntity) => hoursFromMinutes(project.budgetMinutes),
    loggedHours: async (project: ProjectEntity, _: unknown, ctx: Ctx) =>
      hoursFromMinutes(await ctx.loaders.loggedMinutesByProject.load(project.id)),
    milestones: (project: ProjectEntity, _: unknown, ctx: Ctx) =>
      ctx.loaders.milestonesByProject.load(project.id),
    timeEntries: (project: ProjectEntity, args: { from?: string | null; to?: string | null }, ctx: Ctx) => {
      if (args.from && args.to) assertRange(args.from, args.to);
      // A MEMBER reads only their own time; delivery, finance and admins read everyone's.
      const everyone = hasRole(ctx.identity, 'DELIVERY', 'FINANCE');
      return ctx.loaders.timeEntries.load({
        projectId: project.id,
        from: args.from ?? null,
        to: args.to ?? null,
        memberId: everyone ? null : ctx.identity.sub,
      });
    },
  },
  Milestone: {
    billingAmount: (milestone: MilestoneEntity) =>
      milestone.billingAmountMinor !== null && milestone.billingCurrency !== null
        ? toMoneyOutput(money(milestone.billingAmountMinor, milestone.billingCurrency))
        : null,
  },
};
