import { actorOf } from '@platform/graphql-kit';
import type { Resolvers } from '../generated/resolvers';

export const mutationResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    createTeamMember: (_, args, ctx) => ctx.commands.team.createTeamMember(actorOf(ctx.identity), args.input),
    updateTeamMember: (_, args, ctx) => ctx.commands.team.updateTeamMember(actorOf(ctx.identity), args.input),
    allocate: (_, args, ctx) => ctx.commands.allocations.allocate(actorOf(ctx.identity), args.input),
    confirmAllocation: (_, args, ctx) =>
      ctx.commands.allocations.confirmAllocation(actorOf(ctx.identity), args.id),
    releaseAllocation: (_, args, ctx) =>
      ctx.commands.allocations.releaseAllocation(actorOf(ctx.identity), args.id),
    recordTimeOff: (_, args, ctx) => ctx.commands.timeOff.recordTimeOff(actorOf(ctx.identity), args.input),
    cancelTimeOff: (_, args, ctx) => ctx.commands.timeOff.cancelTimeOff(actorOf(ctx.identity), args.id),
    createProject: (_, args, ctx) => ctx.commands.projects.createProject(actorOf(ctx.identity), args.input),
    startProject: (_, args, ctx) =>
      ctx.commands.projects.moveProject(actorOf(ctx.identity), args.projectId, 'start'),
    completeProject: (_, args, ctx) =>
      ctx.commands.projects.moveProject(actorOf(ctx.identity), args.projectId, 'complete'),
    cancelProject: (_, args, ctx) =>
      ctx.commands.projects.moveProject(actorOf(ctx.identity), args.projectId, 'cancel'),
    addMilestone: (_, args, ctx) => ctx.commands.milestones.addMilestone(actorOf(ctx.identity), args.input),
    setMilestoneBillingAmount: (_, args, ctx) =>
      ctx.commands.milestones.setMilestoneBillingAmount(
        actorOf(ctx.identity),
        args.milestoneId,
        args.amount ?? null,
      ),
    deliverMilestone: (_, args, ctx) =>
      ctx.commands.milestones.deliverMilestone(actorOf(ctx.identity), args.milestoneId),
    signOffMilestone: (_, args, ctx) =>
      ctx.commands.milestones.signOffMilestone(actorOf(ctx.identity), args.milestoneId),
    logTime: (_, args, ctx) => ctx.commands.time.logTime(actorOf(ctx.identity), args.input),
    correctTimeEntry: (_, args, ctx) => ctx.commands.time.correctTimeEntry(actorOf(ctx.identity), args),
    deleteTimeEntry: (_, args, ctx) => ctx.commands.time.deleteTimeEntry(actorOf(ctx.identity), args.id),
  },
};
