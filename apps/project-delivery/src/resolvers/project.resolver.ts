import { hasRole, hoursFromMinutes, actorOf } from '@platform/graphql-kit';
import { money, toMoneyOutput } from '@platform/money';
import { assertRange } from '../domain/capacity';
import {
  addMilestone,
  deliverMilestone,
  setMilestoneBillingAmount,
  signOffMilestone,
} from '../domain/milestone.service';
import { createProject, moveProject } from '../domain/project.service';
import type { Resolvers } from '../generated/resolvers';

export const projectResolvers: Pick<
  Resolvers,
  'Query' | 'Mutation' | 'Engagement' | 'Project' | 'Milestone'
> = {
  Query: {
    project: (_, args, ctx) => ctx.loaders.project.load(args.id),
  },
  Mutation: {
    createProject: (_, args, ctx) => createProject(ctx.ports, actorOf(ctx.identity), args.input),
    startProject: (_, args, ctx) => moveProject(ctx.ports, actorOf(ctx.identity), args.projectId, 'start'),
    completeProject: (_, args, ctx) =>
      moveProject(ctx.ports, actorOf(ctx.identity), args.projectId, 'complete'),
    cancelProject: (_, args, ctx) => moveProject(ctx.ports, actorOf(ctx.identity), args.projectId, 'cancel'),
    addMilestone: (_, args, ctx) => addMilestone(ctx.ports, actorOf(ctx.identity), args.input),
    setMilestoneBillingAmount: (_, args, ctx) =>
      setMilestoneBillingAmount(ctx.ports, actorOf(ctx.identity), args.milestoneId, args.amount ?? null),
    deliverMilestone: (_, args, ctx) => deliverMilestone(ctx.ports, actorOf(ctx.identity), args.milestoneId),
    signOffMilestone: (_, args, ctx) => signOffMilestone(ctx.ports, actorOf(ctx.identity), args.milestoneId),
  },
  Engagement: {
    // Engagements are owned by the engagement subgraph; here one is just a key to hang projects on.
    __resolveReference: (ref) => ({ id: ref.id }),
    projects: (engagement, _, ctx) => ctx.loaders.projectsByEngagement.load(engagement.id),
  },
  Project: {
    __resolveReference: (ref, ctx) => ctx.loaders.project.load(ref.id),
    engagement: (project) => ({ id: project.engagementId }),
    budgetHours: (project) => hoursFromMinutes(project.budgetMinutes),
    loggedHours: async (project, _, ctx) =>
      hoursFromMinutes(await ctx.loaders.loggedMinutesByProject.load(project.id)),
    milestones: (project, _, ctx) => ctx.loaders.milestonesByProject.load(project.id),
    timeEntries: (project, args, ctx) => {
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
    billingAmount: (milestone) =>
      milestone.billingAmountMinor !== null && milestone.billingCurrency !== null
        ? toMoneyOutput(money(milestone.billingAmountMinor, milestone.billingCurrency))
        : null,
  },
};
